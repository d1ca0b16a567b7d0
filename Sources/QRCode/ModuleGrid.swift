/// The mutable module matrix used while building a symbol. `x` is the column, `y` the row, (0, 0) top-left.
struct ModuleGrid: Sendable {
    let size: Int
    /// Row-major colours, `true` meaning dark.
    private(set) var modules: [Bool]
    /// Modules belonging to function patterns or reserved for format/version information: never masked and never
    /// used for codewords.
    private(set) var isFunction: [Bool]

    /// A grid with all function patterns drawn and the format/version areas reserved (left light for now).
    init(version: Int) {
        size = SymbolTables.size(version: version)
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)

        // Timing patterns first: finders and alignment patterns drawn later overwrite their ends consistently.
        for index in 0..<size {
            setFunction(x: 6, y: index, dark: index % 2 == 0)
            setFunction(x: index, y: 6, dark: index % 2 == 0)
        }
        drawFinderPattern(centerX: 3, centerY: 3)
        drawFinderPattern(centerX: size - 4, centerY: 3)
        drawFinderPattern(centerX: 3, centerY: size - 4)

        let positions = SymbolTables.alignmentPatternPositions(version: version)
        let last = positions.count - 1
        for (row, centerY) in positions.enumerated() {
            for (column, centerX) in positions.enumerated() {
                // The three corners coinciding with finder patterns get no alignment pattern.
                let isFinderCorner =
                    (row == 0 && column == 0) || (row == 0 && column == last)
                    || (row == last && column == 0)
                if !isFinderCorner {
                    drawAlignmentPattern(centerX: centerX, centerY: centerY)
                }
            }
        }

        // Reserve format information (both copies) and the always-dark module. They stay light during mask
        // evaluation and are filled in by `drawFormatInformation` afterwards.
        for index in 0...8 where index != 6 {
            setFunction(x: 8, y: index, dark: false)
            setFunction(x: index, y: 8, dark: false)
        }
        for index in 0..<8 {
            setFunction(x: size - 1 - index, y: 8, dark: false)
            setFunction(x: 8, y: size - 1 - index, dark: false)
        }
        if version >= 7 {
            for (_, first, second) in Self.versionInformationModules(size: size) {
                setFunction(x: first.x, y: first.y, dark: false)
                setFunction(x: second.x, y: second.y, dark: false)
            }
        }
    }

    subscript(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    /// Places the interleaved codewords in the two-module-wide zigzag columns, right to left, alternately upwards
    /// and downwards, skipping function modules (7.7.3). Leftover modules are remainder bits and stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            // The vertical timing pattern occupies column 6, so the column pair shifts left past it.
            if right == 6 {
                right = 5
            }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for offset in 0..<2 {
                    let index = y * size + right - offset
                    guard !isFunction[index], bitIndex < bitCount else { continue }
                    modules[index] = (codewords[bitIndex >> 3] >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
        assert(bitIndex == bitCount, "codeword count does not match the symbol's data modules")
    }

    /// XORs the mask pattern onto every non-function module; applying the same mask twice undoes it.
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Masking.inverts(mask: mask, x: x, y: y) {
                modules[y * size + x].toggle()
            }
        }
    }

    /// Draws both copies of the 15-bit format information (7.9) and the dark module at (8, size - 8).
    mutating func drawFormatInformation(correction: QRCode.ErrorCorrection, mask: Int) {
        let data = correction.formatBits << 3 | mask
        // BCH(15, 5) code: append the remainder of data · x^10 modulo the generator 0x537.
        var remainder = data
        for _ in 0..<10 {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
        }
        // The fixed XOR pattern ensures the format information is never all zero.
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }

        // First copy around the top-left finder, skipping the timing pattern at index 6.
        for index in 0...5 {
            setFunction(x: 8, y: index, dark: bit(index))
        }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 {
            setFunction(x: 14 - index, y: 8, dark: bit(index))
        }
        // Second copy split between the top-right and bottom-left finders.
        for index in 0..<8 {
            setFunction(x: size - 1 - index, y: 8, dark: bit(index))
        }
        for index in 8..<15 {
            setFunction(x: 8, y: size - 15 + index, dark: bit(index))
        }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// Draws both 6×3 copies of the 18-bit version information (7.10); versions below 7 have none.
    mutating func drawVersionInformation(version: Int) {
        guard version >= 7 else { return }
        // BCH(18, 6) code: append the remainder of version · x^12 modulo the generator 0x1F25.
        var remainder = version
        for _ in 0..<12 {
            remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
        }
        let bits = version << 12 | remainder
        for (index, first, second) in Self.versionInformationModules(size: size) {
            let dark = (bits >> index) & 1 == 1
            setFunction(x: first.x, y: first.y, dark: dark)
            setFunction(x: second.x, y: second.y, dark: dark)
        }
    }

    /// Each version information bit index (least significant first) with its two module positions: above the
    /// bottom-left finder and, transposed, left of the top-right finder.
    private static func versionInformationModules(
        size: Int
    ) -> [(index: Int, first: (x: Int, y: Int), second: (x: Int, y: Int))] {
        (0..<18).map { index in
            let long = size - 11 + index % 3
            let short = index / 3
            return (index: index, first: (x: long, y: short), second: (x: short, y: long))
        }
    }

    /// A 7×7 finder with its one-module light separator, clipped at the symbol edge.
    private mutating func drawFinderPattern(centerX: Int, centerY: Int) {
        for deltaY in -4...4 {
            for deltaX in -4...4 {
                let x = centerX + deltaX
                let y = centerY + deltaY
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(deltaX), abs(deltaY))
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// A 5×5 alignment pattern: dark centre, light ring, dark border.
    private mutating func drawAlignmentPattern(centerX: Int, centerY: Int) {
        for deltaY in -2...2 {
            for deltaX in -2...2 {
                setFunction(x: centerX + deltaX, y: centerY + deltaY, dark: max(abs(deltaX), abs(deltaY)) != 1)
            }
        }
    }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }
}
