import Testing

@testable import QRCode

/// Checks the bit-parallel penalty evaluation against a plain, module-by-module port of segno's `mask_scores`.
@Suite("Mask penalty")
struct MaskPenaltyTests {
    @Test("Random matrices score as in the reference algorithm", arguments: [21, 25, 29, 45, 57, 65, 101, 177])
    func randomMatrices(size: Int) {
        var generator = SplitMix64(seed: UInt64(size))
        for _ in 0..<10 {
            let modules = (0..<(size * size)).map { _ in Bool.random(using: &generator) }
            #expect(Masking.penalty(of: modules, size: size) == referencePenalty(modules, size: size))
        }
    }

    /// Rows made of runs with lengths biased towards 1 and 3 produce many long runs and finder-like patterns, also
    /// touching the edges and overlapping, in rows and (transposed) in columns.
    @Test("Run-heavy matrices score as in the reference algorithm", arguments: [21, 33, 64, 65, 128, 129, 177])
    func runHeavyMatrices(size: Int) {
        var generator = SplitMix64(seed: UInt64(size) &* 7919)
        let runLengths = [1, 1, 1, 1, 3, 3, 4, 5, 6, 8]
        for trial in 0..<10 {
            var modules: [Bool] = []
            for _ in 0..<size {
                var colour = Bool.random(using: &generator)
                var row: [Bool] = []
                while row.count < size {
                    let length = runLengths.randomElement(using: &generator)!
                    row += Array(repeating: colour, count: min(length, size - row.count))
                    colour.toggle()
                }
                modules += row
            }
            if trial.isMultiple(of: 2) {
                modules = (0..<(size * size)).map { modules[($0 % size) * size + $0 / size] }
            }
            #expect(Masking.penalty(of: modules, size: size) == referencePenalty(modules, size: size))
        }
    }

    @Test("Finder-like patterns at edges and overlapping")
    func handcraftedLines() {
        let size = 21
        let lines = [
            "101110100000000000000",  // at the start: the edge counts as light
            "000000000000001011101",  // at the end
            "000101110100001011101",  // light on one side only, then again at the end
            "111101110111101110111",  // no light margin anywhere
            "101110101110100001111",  // overlapping patterns sharing a dark module
            "000010111010111010000",  // two patterns, both with a margin
            "111111111111111111111",  // one run across the whole line
        ]
        for line in lines {
            // Fill the remaining rows with a checkerboard, which adds nothing but N4 and N2-free neighbours.
            var modules = line.map { $0 == "1" }
            for y in 1..<size {
                modules += (0..<size).map { ($0 + y).isMultiple(of: 2) }
            }
            #expect(Masking.penalty(of: modules, size: size) == referencePenalty(modules, size: size), "\(line)")
        }
    }

    @Test("Every mask of real symbols scores as in the reference algorithm, and the lowest wins")
    func realSymbols() throws {
        let inputs: [(Segment, QRCode.ErrorCorrection)] = [
            (.bytes(Array("otpauth://totp/Baomi:sysadmin?secret=JBSWY3DPEHPK3PXP&issuer=Baomi".utf8)), .medium),
            (.bytes(Array("机密★20年 第3份/共5份".utf8)), .quartile),
            (.bestFit(for: "BAOMI:2026-017:3/5"), .high),
            (.bestFit(for: String(repeating: "0123456789", count: 40)), .low),
            (.bytes((0..<900).map { UInt8(truncatingIfNeeded: $0 &* 31) }), .medium),
        ]
        for (segment, correction) in inputs {
            let grid = try QRCode.unmaskedSymbol(for: segment, correction: correction).grid
            var scores: [Int] = []
            for mask in 0..<8 {
                var masked = grid
                masked.applyMask(mask)
                let expected = referencePenalty(masked.modules, size: masked.size)
                #expect(Masking.penalty(of: masked.modules, size: masked.size) == expected)
                scores.append(expected)
            }
            #expect(grid.bestMask() == scores.firstIndex(of: scores.min()!))
        }
    }

    @Test("Mask patterns repeat every 12 modules")
    func maskPeriod() {
        for mask in 0..<8 {
            for y in 0..<LineBits.capacity {
                for x in 0..<LineBits.capacity {
                    let expected = Masking.inverts(mask: mask, x: x, y: y)
                    #expect(Masking.rowPatterns[mask][y % 12][x] == expected)
                    #expect(Masking.columnPatterns[mask][x % 12][y] == expected)
                }
            }
        }
    }
}

/// Line-by-line port of `mask_scores` in segno 1.6.6 (encoder.py), deliberately naive.
private func referencePenalty(_ matrix: [Bool], size: Int) -> Int {
    func module(_ row: Int, _ column: Int) -> Bool { matrix[row * size + column] }
    let pattern = [true, false, true, true, true, false, true]

    func n3PatternOccurrences(_ sequence: [Bool]) -> Int {
        func find(from offset: Int) -> Int? {
            guard offset <= size - 7 else { return nil }
            return (offset...(size - 7)).first { Array(sequence[$0..<($0 + 7)]) == pattern }
        }
        var count = 0
        var index = find(from: 0)
        while let start = index {
            var offset = start + 7
            let before = sequence[max(start - 4, 0)..<min(start, size)]
            let after = sequence[max(offset, 0)..<min(offset + 4, size)]
            if start == 0 || start == size - 7 || !before.contains(true) || !after.contains(true) {
                count += 40
            } else {
                offset = start + 4
            }
            index = find(from: offset)
        }
        return count
    }

    var n1 = 0
    var n2 = 0
    var n3 = 0
    var darkCount = 0
    for i in 0..<size {
        var rowRun = 0
        var columnRun = 0
        for j in 0..<size {
            if module(i, j) {
                darkCount += 1
            }
            if j > 0, module(i, j) == module(i, j - 1) {
                rowRun += 1
            } else {
                n1 += rowRun >= 5 ? rowRun - 2 : 0
                rowRun = 1
            }
            if j > 0, module(j, i) == module(j - 1, i) {
                columnRun += 1
            } else {
                n1 += columnRun >= 5 ? columnRun - 2 : 0
                columnRun = 1
            }
            if i > 0, j > 0, module(i, j) == module(i, j - 1), module(i, j) == module(i - 1, j),
                module(i, j) == module(i - 1, j - 1)
            {
                n2 += 3
            }
        }
        n1 += (rowRun >= 5 ? rowRun - 2 : 0) + (columnRun >= 5 ? columnRun - 2 : 0)
        n3 += n3PatternOccurrences((0..<size).map { module(i, $0) })
        n3 += n3PatternOccurrences((0..<size).map { module($0, i) })
    }
    let percent = Double(darkCount) / Double(size * size)
    let n4 = 10 * Int((percent * 100 - 50).magnitude / 5)
    return n1 + n2 + n3 + n4
}

/// Small deterministic generator so that failures are reproducible.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
