extension QRCode {
    /// A standalone SVG rendering: a white background `<rect>` and a single black `<path>` covering all dark
    /// modules, with `shape-rendering="crispEdges"` so module edges are not anti-aliased.
    ///
    /// The markup uses only presentation attributes (no `style` attribute or element, no script), so it can be
    /// inlined into pages served with a strict Content-Security-Policy.
    ///
    /// - Parameters:
    ///   - moduleSize: Rendered width and height of one module, in pixels (must be positive).
    ///   - quietZone: Light margin around the symbol, in modules; the standard asks for at least 4.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4) -> String {
        precondition(moduleSize > 0, "moduleSize must be positive")
        precondition(quietZone >= 0, "quietZone must not be negative")
        let dimension = size + 2 * quietZone
        let pixels = dimension * moduleSize
        // The viewBox is in module units so every coordinate in the path is a small integer; width/height scale it.
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 \(dimension) \(dimension)\""
        svg += " width=\"\(pixels)\" height=\"\(pixels)\" shape-rendering=\"crispEdges\">"
        svg += "<rect width=\"\(dimension)\" height=\"\(dimension)\" fill=\"#fff\"/>"
        svg += "<path fill=\"#000\" d=\"\(pathData(quietZone: quietZone))\"/></svg>"
        return svg
    }

    /// One closed rectangle per horizontal run of dark modules, which keeps the path short without needing
    /// polygon merging.
    private func pathData(quietZone: Int) -> String {
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let runStart = x
                while x < size, isDark(x: x, y: y) {
                    x += 1
                }
                let length = x - runStart
                path += "M\(runStart + quietZone) \(y + quietZone)h\(length)v1h-\(length)z"
            }
        }
        return path
    }
}
