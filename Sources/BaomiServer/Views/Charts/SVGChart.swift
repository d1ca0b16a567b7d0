import Foundation
import Plot

/// Charts drawn on the server as inline `<svg>` (UI.md): no script, no style attribute (the CSP allows neither),
/// only SVG presentation attributes. Every chart has a `<title>` and `<desc>` for screen readers, writes its numbers
/// as text beside the marks — colour is never the only carrier of meaning — and comes with its data as a table in a
/// `<details>` below it.
enum SVGChart {
    /// One bar of a bar chart; `note` follows the value (e.g. a percentage).
    struct Bar {
        var label: String
        var value: Int
        var colour: String
        var note = ""
        /// Where the bar's label links to, if anywhere.
        var link: String?
    }

    /// One series of a stacked column chart: a value per category.
    struct Series {
        var label: String
        var colour: String
        var values: [Int]
    }

    /// Words the charts need in the page's language.
    struct Words {
        var dataTable: String
        var total: String
        var noData: String
        var category: String
        var value: String
    }

    static let fontFamily = "\"PingFang SC\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif"
    static let ink = "#1f2328"
    static let muted = "#57606a"
    static let gridColour = "#d0d7de"
    static let neutral = "#0b5cad"
    static let width = 560.0

    // MARK: Horizontal bars

    /// Horizontal bars, one per row, each with its label on the left and its value on the right. `maximum` fixes the
    /// scale (100 for percentages); otherwise the largest value fills the width.
    static func horizontalBars(
        id: String, title: String, description: String, bars: [Bar], maximum: Int? = nil, words: Words
    ) -> BodyNode {
        let barHeight = 20.0
        let gap = 10.0
        let top = 8.0
        let fontSize = 13.0
        let labelWidth = min(220, max(60, bars.map { textWidth($0.label, size: fontSize) }.max() ?? 60) + 10)
        let valueWidth = max(48, (bars.map { textWidth(valueText($0), size: fontSize) }.max() ?? 40) + 12)
        let plotWidth = width - labelWidth - valueWidth
        let scale = Double(max(maximum ?? 0, bars.map(\.value).max() ?? 0, 1))
        let height = top * 2 + max(1, Double(bars.count)) * (barHeight + gap) - gap
        var marks: [BodyNode] = []
        if bars.isEmpty {
            marks.append(text(words.noData, x: width / 2, y: top + barHeight - 5, anchor: "middle", fill: muted))
        }
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * (barHeight + gap)
            let length = bar.value == 0 ? 0 : max(2, plotWidth * Double(bar.value) / scale)
            let label = fitted(bar.label, width: labelWidth - 10, size: fontSize)
            var labelNode = text(label, x: labelWidth - 8, y: y + barHeight - 5, anchor: "end", fill: ink)
            if let link = bar.link { labelNode = H.el("a", [("href", link)], [labelNode]) }
            marks.append(
                H.el(
                    "g", [("class", "chart-bar")],
                    [
                        H.el("title", [], text: "\(bar.label)：\(valueText(bar))"),
                        labelNode,
                        rect(x: labelWidth, y: y, width: plotWidth, height: barHeight, fill: "#f0f3f6"),
                        rect(x: labelWidth, y: y, width: length, height: barHeight, fill: bar.colour),
                        text(
                            valueText(bar), x: labelWidth + length + 6, y: y + barHeight - 5, anchor: "start", fill: ink
                        ),
                    ]))
        }
        let rows: [[String]] = bars.map { [$0.label, valueText($0)] }
        return figure(
            id: id, title: title, description: description, height: height, marks: marks,
            table: (headers: [words.category, words.value], rows: rows), words: words)
    }

    // MARK: Stacked columns

    /// Columns per category, each stacked from its series, with the total above it and a legend naming every series.
    /// One series gives a plain column chart (the twelve-month trends). `sublabels` go under the category labels
    /// (the year under January).
    static func stackedColumns(
        id: String, title: String, description: String, categories: [String], sublabels: [String] = [],
        series: [Series], colourLegend: Bool = true, words: Words
    ) -> BodyNode {
        let fontSize = 12.0
        let legendHeight = colourLegend && series.count > 1 ? 26.0 : 0
        let top = legendHeight + 22
        let left = 44.0
        let right = 8.0
        let plotHeight = 170.0
        let bottom = sublabels.isEmpty ? 24.0 : 40.0
        let height = top + plotHeight + bottom
        let totals = categories.indices.map { index in series.reduce(0) { $0 + ($1.values[safe: index] ?? 0) } }
        let scale = Double(niceCeiling(totals.max() ?? 0))
        let slot = (width - left - right) / Double(max(categories.count, 1))
        let columnWidth = min(56, slot * 0.62)
        var marks: [BodyNode] = []
        if legendHeight > 0 {
            var x = left
            for entry in series {
                marks.append(rect(x: x, y: 6, width: 12, height: 12, fill: entry.colour))
                marks.append(text(entry.label, x: x + 16, y: 17, anchor: "start", fill: ink, size: fontSize))
                x += 16 + textWidth(entry.label, size: fontSize) + 14
            }
        }
        // Grid lines at 0, half and the top of the scale, with their values.
        for step in 0...2 {
            let value = Int(scale) * step / 2
            let y = top + plotHeight - plotHeight * Double(step) / 2
            marks.append(
                H.el(
                    "line",
                    [
                        ("x1", number(left)), ("x2", number(width - right)), ("y1", number(y)), ("y2", number(y)),
                        ("stroke", gridColour), ("stroke-width", "1"),
                    ]))
            marks.append(text(String(value), x: left - 6, y: y + 4, anchor: "end", fill: muted, size: fontSize))
        }
        if totals.allSatisfy({ $0 == 0 }) {
            marks.append(
                text(
                    words.noData, x: left + (width - left - right) / 2, y: top + plotHeight / 4, anchor: "middle",
                    fill: muted))
        }
        let label: (Int) -> String = { index in
            categories[index] + (sublabels[safe: index].map { $0.isEmpty ? "" : " \($0)" } ?? "")
        }
        for (index, category) in categories.enumerated() {
            let x = left + slot * Double(index) + (slot - columnWidth) / 2
            let centre = x + columnWidth / 2
            var base = top + plotHeight
            let parts = series.filter { ($0.values[safe: index] ?? 0) > 0 }.map { "\($0.label) \($0.values[index])" }
            let summary =
                series.count > 1
                ? (parts + ["\(words.total) \(totals[index])"]).joined(separator: "，") : String(totals[index])
            var column: [BodyNode] = [H.el("title", [], text: "\(label(index))：\(summary)")]
            for entry in series {
                let value = entry.values[safe: index] ?? 0
                guard value > 0 else { continue }
                let segment = max(1, plotHeight * Double(value) / scale)
                base -= segment
                column.append(rect(x: x, y: base, width: columnWidth, height: segment, fill: entry.colour))
                if series.count > 1 && segment >= 15 && textWidth(String(value), size: 11) < columnWidth - 2 {
                    column.append(
                        text(
                            String(value), x: centre, y: base + segment / 2 + 4, anchor: "middle", fill: "#ffffff",
                            size: 11))
                }
            }
            column.append(
                text(String(totals[index]), x: centre, y: base - 4, anchor: "middle", fill: ink, size: fontSize))
            column.append(
                text(
                    fitted(category, width: slot - 2, size: fontSize), x: centre, y: top + plotHeight + 16,
                    anchor: "middle", fill: ink, size: fontSize))
            if let sublabel = sublabels[safe: index], !sublabel.isEmpty {
                column.append(
                    text(sublabel, x: centre, y: top + plotHeight + 32, anchor: "middle", fill: muted, size: 11))
            }
            marks.append(H.el("g", [("class", "chart-column")], column))
        }
        let headers = [words.category] + series.map(\.label) + (series.count > 1 ? [words.total] : [])
        let rows: [[String]] = categories.indices.map { index in
            [label(index)] + series.map { String($0.values[safe: index] ?? 0) }
                + (series.count > 1 ? [String(totals[index])] : [])
        }
        return figure(
            id: id, title: title, description: description, height: height, marks: marks,
            table: (headers: headers, rows: rows), words: words)
    }

    // MARK: Pieces

    private static func figure(
        id: String, title: String, description: String, height: Double, marks: [BodyNode],
        table: (headers: [String], rows: [[String]]), words: Words
    ) -> BodyNode {
        let svg = H.el(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(number(width)) \(number(height))"),
                ("width", number(width)), ("height", number(height)), ("role", "img"),
                ("aria-labelledby", "\(id)-title \(id)-desc"), ("font-family", fontFamily), ("font-size", "13"),
            ],
            [
                H.el("title", [("id", "\(id)-title")], text: title),
                H.el("desc", [("id", "\(id)-desc")], text: description),
            ] + marks)
        let tableNode = H.el(
            "table", [("class", "ledger")],
            [
                H.el("thead", [], [H.el("tr", [], table.headers.map { H.el("th", [("scope", "col")], text: $0) })]),
                H.el(
                    "tbody", [],
                    table.rows.map { row in
                        H.el(
                            "tr", [],
                            row.enumerated().map { index, cell in
                                index == 0 ? H.el("th", [("scope", "row")], text: cell) : H.el("td", [], text: cell)
                            })
                    }),
            ])
        return H.el(
            "figure", [("class", "chart card"), ("id", id)],
            [
                H.el("figcaption", [], [H.el("h2", [], text: title)]),
                H.el("div", [("class", "chart-canvas")], [svg]),
                H.el(
                    "details", [("class", "chart-data")],
                    [H.el("summary", [], text: words.dataTable), H.el("div", [("class", "table-wrap")], [tableNode])]),
            ])
    }

    private static func valueText(_ bar: Bar) -> String {
        bar.note.isEmpty || bar.note.hasPrefix("%") ? "\(bar.value)\(bar.note)" : "\(bar.value) \(bar.note)"
    }

    private static func rect(x: Double, y: Double, width: Double, height: Double, fill: String) -> BodyNode {
        H.el(
            "rect",
            [
                ("x", number(x)), ("y", number(y)), ("width", number(max(0, width))),
                ("height", number(max(0, height))),
                ("fill", fill),
            ])
    }

    private static func text(
        _ content: String, x: Double, y: Double, anchor: String, fill: String, size: Double = 13
    ) -> BodyNode {
        H.el(
            "text",
            [
                ("x", number(x)), ("y", number(y)), ("text-anchor", anchor), ("fill", fill),
                ("font-size", number(size)),
            ], text: content)
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// An estimate of the drawn width: CJK characters are square, others about 0.6 of the font size.
    static func textWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { width, scalar in
            width + (scalar.value >= 0x2E80 ? size : size * 0.6)
        }
    }

    /// The text shortened with "…" to fit the width; the full text stays in the mark's `<title>` and the table.
    static func fitted(_ text: String, width: Double, size: Double) -> String {
        guard textWidth(text, size: size) > width else { return text }
        var shortened = ""
        for character in text {
            let next = shortened + String(character)
            if textWidth(next + "…", size: size) > width { break }
            shortened = next
        }
        return shortened + "…"
    }

    /// The smallest of 2, 4, 6, 8, 10 × 10ⁿ at or above the value (at least 2): the scale and its half, both grid
    /// lines, fall on whole round numbers.
    static func niceCeiling(_ value: Int) -> Int {
        guard value > 2 else { return 2 }
        var magnitude = 1
        while magnitude * 10 < value { magnitude *= 10 }
        for factor in [2, 4, 6, 8, 10] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
