/// Data mask patterns and the penalty rules that choose between them (ISO/IEC 18004, 7.8).
enum Masking {
    /// Penalty weights N1–N4 from table 11.
    private static let runWeight = 3
    private static let blockWeight = 3
    private static let finderLikeWeight = 40
    private static let balanceWeight = 10

    /// Whether mask pattern `mask` inverts the module at column `x`, row `y` (table 10, with i = y and j = x).
    static func inverts(mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: (x * y) % 2 + (x * y) % 3 == 0
        case 6: ((x * y) % 2 + (x * y) % 3) % 2 == 0
        case 7: ((x + y) % 2 + (x * y) % 3) % 2 == 0
        default: preconditionFailure("mask pattern must be in 0..<8")
        }
    }

    /// Total penalty of a finished (masked) row-major module matrix; lower is better.
    static func penalty(of modules: [Bool], size: Int) -> Int {
        precondition(modules.count == size * size, "module count does not match the size")
        let rows = (0..<size).map { y in LineBits(count: size) { x in modules[y * size + x] } }
        let columns = (0..<size).map { x in LineBits(count: size) { y in modules[y * size + x] } }
        return penalty(rows: rows, columns: columns, size: size)
    }

    /// `rowPatterns[mask][y % 12]` has bit x set where `mask` inverts module (x, y); `columnPatterns[mask][x % 12]`
    /// has bit y set. Every pattern in table 10 repeats after 12 modules in both directions (its periods are 1, 2,
    /// 3, 4 or 6), so 12 lines per direction describe any symbol size.
    static let rowPatterns: [[LineBits]] = (0..<8).map { mask in
        (0..<12).map { y in LineBits(count: LineBits.capacity) { x in inverts(mask: mask, x: x, y: y) } }
    }
    static let columnPatterns: [[LineBits]] = (0..<8).map { mask in
        (0..<12).map { x in LineBits(count: LineBits.capacity) { y in inverts(mask: mask, x: x, y: y) } }
    }

    /// Total penalty of a matrix given as its rows and, equivalently, its columns (bits beyond `size` clear).
    static func penalty(rows: [LineBits], columns: [LineBits], size: Int) -> Int {
        let neighbours = LineBits.ones(count: size - 1)
        var score = 0
        var darkCount = 0
        for (y, row) in rows.enumerated() {
            score += linePenalty(row, size: size, neighbours: neighbours)
            darkCount += row.nonzeroBitCount
            if y + 1 < size {
                // N2: a 2×2 block at (x, y) is one colour if module x equals x + 1 in this row and both equal the
                // modules below. Overlapping blocks all count (equivalent to the spec's (m-1)(n-1) per block).
                let sameBelow = ~(row ^ rows[y + 1])
                let blocks = equalNeighbours(row, neighbours) & sameBelow & sameBelow.shiftedDown(by: 1)
                score += blockWeight * blocks.nonzeroBitCount
            }
        }
        for column in columns {
            score += linePenalty(column, size: size, neighbours: neighbours)
        }
        // N4: 10 points for each full 5 % step the dark share deviates from 50 %. Integer arithmetic is exact here
        // because size² is odd, so the share never lands on a step boundary.
        let total = size * size
        score += balanceWeight * (abs(darkCount * 100 - total * 50) / (total * 5))
        return score
    }

    /// Bit `i` set where module `i` has the same colour as module `i + 1`.
    private static func equalNeighbours(_ line: LineBits, _ neighbours: LineBits) -> LineBits {
        ~(line ^ line.shiftedDown(by: 1)) & neighbours
    }

    /// N1 (runs of five or more same-coloured modules) plus N3 (finder-like 1:1:3:1:1 patterns) for one row or
    /// column.
    private static func linePenalty(_ line: LineBits, size: Int, neighbours: LineBits) -> Int {
        // N1: bit i of `fiveEqual` is set where modules i...i+4 share a colour. A run of L ≥ 5 modules sets L - 4
        // consecutive bits and scores 3 + (L - 5): one point per bit plus two per group of consecutive bits.
        let equal = equalNeighbours(line, neighbours)
        let fiveEqual = equal & equal.shiftedDown(by: 1) & equal.shiftedDown(by: 2) & equal.shiftedDown(by: 3)
        let groupStarts = fiveEqual & ~fiveEqual.shiftedUp(by: 1)
        var score = fiveEqual.nonzeroBitCount + (runWeight - 1) * groupStarts.nonzeroBitCount

        // N3: bit i of `candidates` is set where dark-light-dark-dark-dark-light-dark starts at module i. Bits
        // beyond `size` are clear, so no pattern can reach past the end of the line.
        var candidates =
            line & ~line.shiftedDown(by: 1) & line.shiftedDown(by: 2) & line.shiftedDown(by: 3)
            & line.shiftedDown(by: 4) & ~line.shiftedDown(by: 5) & line.shiftedDown(by: 6)
        // A pattern counts if four light modules precede or follow it, the symbol edge counting as light. Each
        // occurrence scores once, and after a counted pattern the scan resumes behind it (otherwise at its dark
        // centre), as in the reference encoder segno, so that automatic mask choices agree with it.
        var nextStart = 0
        while let start = candidates.lowestSetBit {
            candidates[start] = false
            guard start >= nextStart else { continue }
            if isLight(line, max(start - 4, 0)..<start) || isLight(line, (start + 7)..<min(start + 11, size)) {
                score += finderLikeWeight
                nextStart = start + 7
            } else {
                nextStart = start + 4
            }
        }
        return score
    }

    private static func isLight(_ line: LineBits, _ range: Range<Int>) -> Bool {
        !range.contains { line[$0] }
    }
}

extension ModuleGrid {
    /// The mask pattern with the lowest penalty; ties go to the lower pattern number.
    ///
    /// Candidates are evaluated with the format and version information areas still light, i.e. before that
    /// information is drawn. The standard leaves this order open; it matches segno, which the tests compare with.
    func bestMask() -> Int {
        // Unmasked modules and the maskable (non-function) modules as bit sets, by row and by column.
        let rows = (0..<size).map { y in LineBits(count: size) { x in modules[y * size + x] } }
        let columns = (0..<size).map { x in LineBits(count: size) { y in modules[y * size + x] } }
        let maskableRows = (0..<size).map { y in LineBits(count: size) { x in !isFunction[y * size + x] } }
        let maskableColumns = (0..<size).map { x in LineBits(count: size) { y in !isFunction[y * size + x] } }

        var bestMask = 0
        var bestScore = Int.max
        var maskedRows = rows
        var maskedColumns = columns
        for mask in 0..<8 {
            let rowPatterns = Masking.rowPatterns[mask]
            let columnPatterns = Masking.columnPatterns[mask]
            for line in 0..<size {
                maskedRows[line] = rows[line] ^ (rowPatterns[line % 12] & maskableRows[line])
                maskedColumns[line] = columns[line] ^ (columnPatterns[line % 12] & maskableColumns[line])
            }
            let score = Masking.penalty(rows: maskedRows, columns: maskedColumns, size: size)
            if score < bestScore {
                bestScore = score
                bestMask = mask
            }
        }
        return bestMask
    }
}
