import Testing

@testable import QRCode

extension ReferenceSymbol: CustomTestStringConvertible {
    var testDescription: String { name }
}

extension SweepSymbol: CustomTestStringConvertible {
    var testDescription: String { "version \(version) \(correction)" }
}

/// Compares against symbols produced by the independent reference encoder segno (see ReferenceSymbols.swift).
@Suite("QR code symbols match the reference encoder")
struct ReferenceSymbolTests {
    @Test("Every module matches", arguments: referenceSymbols)
    func matchesReference(_ reference: ReferenceSymbol) throws {
        let code = try encode(reference.input, correction: reference.correction, mask: reference.forcedMask)

        #expect(code.version == reference.version)
        #expect(code.errorCorrection == reference.correction)
        #expect(code.mask == reference.mask)
        try #require(code.size == reference.rows.count)
        let mismatches = mismatchedModules(code, reference.rows)
        #expect(mismatches.isEmpty, "\(mismatches.count) modules differ, first at (x, y) = \(mismatches.prefix(5))")

        if reference.forcedMask == nil {
            // The public entry points without a mask parameter must produce the very same symbol.
            let viaPublicAPI =
                switch reference.input {
                case .bytes(let bytes): try QRCode.encode(bytes: bytes, correction: reference.correction)
                case .text(let text): try QRCode.encode(text, correction: reference.correction)
                }
            #expect(viaPublicAPI == code)
        }
    }

    /// One maximal byte-mode payload per version and level: covers all block layouts, alignment pattern sets,
    /// version information, character count widths and (via segno's choice) the mask penalty rules.
    @Test("Full-capacity symbols of every version and level", arguments: sweepSymbols)
    func matchesSweep(_ reference: SweepSymbol) throws {
        let levelIndex = reference.correction.tableIndex
        let payload = (0..<reference.capacity).map {
            sweepPayloadByte(version: reference.version, levelIndex: levelIndex, index: $0)
        }
        let code = try QRCode.encode(bytes: payload, correction: reference.correction)

        #expect(code.version == reference.version)
        #expect(code.size == reference.version * 4 + 17)
        #expect(code.mask == reference.mask)
        #expect(fnv1a64(code) == reference.hash)

        // One byte more must not fit in this version (mask forced only to save time).
        let overfull = payload + [0x00]
        if reference.version < 40 {
            let larger = try QRCode.encode(bytes: overfull, correction: reference.correction, mask: 0)
            #expect(larger.version == reference.version + 1)
        } else {
            #expect(throws: QRCode.EncodingError.dataTooLong) {
                try QRCode.encode(bytes: overfull, correction: reference.correction, mask: 0)
            }
        }
    }

    @Test("A single flipped module is detected")
    func comparisonCanFail() throws {
        // Guards the comparison helper itself: a symbol that differs in one module must be reported.
        let reference = try #require(referenceSymbols.first)
        let code = try encode(reference.input, correction: reference.correction, mask: reference.forcedMask)
        var rows = reference.rows
        var lastRow = Array(rows[rows.count - 1])
        lastRow[lastRow.count - 1] = lastRow[lastRow.count - 1] == "1" ? "0" : "1"
        rows[rows.count - 1] = String(lastRow)
        #expect(mismatchedModules(code, rows).count == 1)
    }

    private func encode(
        _ input: ReferenceSymbol.Input,
        correction: QRCode.ErrorCorrection,
        mask: Int?
    ) throws -> QRCode {
        switch input {
        case .bytes(let bytes): try QRCode.encode(bytes: bytes, correction: correction, mask: mask)
        case .text(let text): try QRCode.encode(text, correction: correction, mask: mask)
        }
    }

    /// Coordinates (x, y) where the symbol differs from the 0/1 rows.
    private func mismatchedModules(_ code: QRCode, _ rows: [String]) -> [(x: Int, y: Int)] {
        var mismatches: [(x: Int, y: Int)] = []
        for (y, row) in rows.enumerated() {
            for (x, character) in row.enumerated() where code.isDark(x: x, y: y) != (character == "1") {
                mismatches.append((x: x, y: y))
            }
        }
        return mismatches
    }

    /// FNV-1a 64 over one byte (0 or 1) per module in row-major order, as in the generator script.
    private func fnv1a64(_ code: QRCode) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for y in 0..<code.size {
            for x in 0..<code.size {
                hash ^= code.isDark(x: x, y: y) ? 1 : 0
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        return hash
    }
}

@Suite("QR code encoder behaviour")
struct QRCodeBehaviourTests {
    @Test("Reed–Solomon codewords match published examples")
    func reedSolomon() {
        // "HELLO WORLD" as 1-M (alphanumeric) and the first block of the 5-Q example, from thonky.com's QR tutorial;
        // both confirmed with segno.
        let helloWorld: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(
            ReedSolomon(degree: 10).remainder(of: helloWorld[...])
                == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
        let block: [UInt8] = [67, 85, 70, 134, 87, 38, 85, 194, 119, 50, 6, 18, 6, 103, 38]
        #expect(
            ReedSolomon(degree: 18).remainder(of: block[...])
                == [213, 199, 11, 45, 115, 247, 241, 223, 229, 248, 154, 117, 154, 111, 86, 161, 111, 39])
    }

    @Test("Text picks the most compact single mode")
    func modeSelection() {
        #expect(Segment.bestFit(for: "0123456789").mode == .numeric)
        #expect(Segment.bestFit(for: "BAOMI:2026-017:3/5").mode == .alphanumeric)
        #expect(Segment.bestFit(for: "HELLO WORLD $%*+-./:").mode == .alphanumeric)
        #expect(Segment.bestFit(for: "Baomi").mode == .byte)
        #expect(Segment.bestFit(for: "机密").mode == .byte)
        #expect(Segment.bestFit(for: "").mode == .byte)
        #expect(Segment.bestFit(for: "机密").characterCount == 6, "byte mode counts UTF-8 bytes")
    }

    @Test("Capacity limits of version 40-L in each mode")
    func capacityLimits() throws {
        #expect(try QRCode.encode(String(repeating: "7", count: 7089), correction: .low).version == 40)
        #expect(throws: QRCode.EncodingError.dataTooLong) {
            try QRCode.encode(String(repeating: "7", count: 7090), correction: .low)
        }
        #expect(try QRCode.encode(String(repeating: "A", count: 4296), correction: .low).version == 40)
        #expect(throws: QRCode.EncodingError.dataTooLong) {
            try QRCode.encode(String(repeating: "A", count: 4297), correction: .low)
        }
        #expect(throws: QRCode.EncodingError.dataTooLong) {
            try QRCode.encode(bytes: [UInt8](repeating: 0x61, count: 2332))
        }
    }

    @Test("Typical inputs stay small")
    func typicalVersions() throws {
        let totp = try QRCode.encode("otpauth://totp/Baomi:sysadmin?secret=JBSWY3DPEHPK3PXP&issuer=Baomi")
        #expect(totp.version == 5)
        #expect(totp.errorCorrection == .medium)
        let label = try QRCode.encode("BAOMI:2026-017:3/5", correction: .quartile)
        #expect(label.version == 2)
    }

    @Test("Modules outside the symbol are light")
    func outOfBounds() throws {
        let code = try QRCode.encode("BAOMI")
        #expect(code.isDark(x: 0, y: 0), "top-left finder corner is dark")
        for (x, y) in [(-1, 0), (0, -1), (code.size, 0), (0, code.size), (-5, -5), (code.size + 3, code.size + 3)] {
            #expect(!code.isDark(x: x, y: y))
        }
    }

    @Test("SVG draws exactly the dark modules", arguments: [(4, 4), (1, 0), (10, 2)])
    func svgRendering(moduleSize: Int, quietZone: Int) throws {
        let code = try QRCode.encode("otpauth://totp/Baomi:sysadmin?secret=JBSWY3DPEHPK3PXP&issuer=Baomi")
        let svg = code.svg(moduleSize: moduleSize, quietZone: quietZone)
        let dimension = code.size + 2 * quietZone
        let pixels = dimension * moduleSize

        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("viewBox=\"0 0 \(dimension) \(dimension)\""))
        #expect(svg.contains("width=\"\(pixels)\" height=\"\(pixels)\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("<rect width=\"\(dimension)\" height=\"\(dimension)\" fill=\"#fff\"/>"))
        #expect(occurrences(of: "<path", in: svg) == 1)
        for forbidden in ["style", "script", "on", "href"] {
            #expect(!svg.contains(" \(forbidden)"), "strict CSP: no \(forbidden) attributes or elements")
        }

        // Rebuild the matrix from the path and compare with the symbol.
        let pathStart = try #require(svg.firstRange(of: " d=\""))
        let pathData = svg[pathStart.upperBound...].prefix { $0 != "\"" }
        var painted = Set<[Int]>()
        for command in pathData.split(separator: "M") {
            // Each rectangle is "x yhNv1h-Nz" in module units including the quiet zone.
            let parts = command.split(whereSeparator: { "hvz ".contains($0) })
            try #require(parts.count == 5, "unexpected path command \(command)")
            let (x, y, length) = (Int(parts[0])!, Int(parts[1])!, Int(parts[2])!)
            #expect(parts[3] == "1" && parts[4] == "-\(length)")
            for column in x..<(x + length) {
                #expect(painted.insert([column - quietZone, y - quietZone]).inserted, "modules painted once")
            }
        }
        for y in -quietZone..<(code.size + quietZone) {
            for x in -quietZone..<(code.size + quietZone) where code.isDark(x: x, y: y) != painted.contains([x, y]) {
                Issue.record("SVG module (\(x), \(y)) differs from the symbol")
            }
        }
    }

    private func occurrences(of needle: String, in haystack: String) -> Int {
        haystack.split(separator: needle, omittingEmptySubsequences: false).count - 1
    }
}
