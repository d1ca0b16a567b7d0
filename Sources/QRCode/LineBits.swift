/// One row or column of up to 192 modules as a bit set: bit `i` is module `i`, 1 meaning dark.
///
/// The mask penalty rules look at neighbouring modules along lines; with whole lines in three machine words they
/// become a handful of shifts, ANDs and population counts instead of per-module loops with unpredictable branches.
struct LineBits: Sendable, Equatable {
    /// Version 40 symbols are 177 modules wide.
    static let capacity = 192

    private var word0: UInt64 = 0
    private var word1: UInt64 = 0
    private var word2: UInt64 = 0

    init() {}

    private init(_ word0: UInt64, _ word1: UInt64, _ word2: UInt64) {
        self.word0 = word0
        self.word1 = word1
        self.word2 = word2
    }

    /// Bits `0..<count` taken from `isSet`, all others clear.
    ///
    /// Builds whole words locally, which is much cheaper than setting bits one by one through the subscript.
    init(count: Int, _ isSet: (Int) -> Bool) {
        precondition((0...Self.capacity).contains(count), "bit count out of range")
        func word(_ index: Int) -> UInt64 {
            var word: UInt64 = 0
            let base = index * 64
            for bit in 0..<min(max(count - base, 0), 64) {
                word |= (isSet(base + bit) ? 1 : 0) << UInt64(bit)
            }
            return word
        }
        self.init(word(0), word(1), word(2))
    }

    /// Bits `0..<count` set, all others clear.
    static func ones(count: Int) -> LineBits {
        precondition((0...capacity).contains(count), "bit count out of range")
        func word(_ index: Int) -> UInt64 {
            let bits = count - index * 64
            if bits >= 64 {
                return .max
            }
            return bits <= 0 ? 0 : (1 << UInt64(bits)) - 1
        }
        return LineBits(word(0), word(1), word(2))
    }

    subscript(index: Int) -> Bool {
        get {
            precondition((0..<Self.capacity).contains(index), "bit index out of range")
            let bit = UInt64(index & 63)
            switch index >> 6 {
            case 0: return (word0 >> bit) & 1 == 1
            case 1: return (word1 >> bit) & 1 == 1
            default: return (word2 >> bit) & 1 == 1
            }
        }
        set {
            precondition((0..<Self.capacity).contains(index), "bit index out of range")
            let bit = UInt64(index & 63)
            // Branch-free in the value so that building from random-looking modules stays fast.
            let value: UInt64 = newValue ? 1 : 0
            switch index >> 6 {
            case 0: word0 = word0 & ~(1 << bit) | value << bit
            case 1: word1 = word1 & ~(1 << bit) | value << bit
            default: word2 = word2 & ~(1 << bit) | value << bit
            }
        }
    }

    var nonzeroBitCount: Int {
        word0.nonzeroBitCount + word1.nonzeroBitCount + word2.nonzeroBitCount
    }

    var isEmpty: Bool {
        word0 | word1 | word2 == 0
    }

    /// Index of the lowest set bit, or `nil` if none is set.
    var lowestSetBit: Int? {
        if word0 != 0 {
            return word0.trailingZeroBitCount
        }
        if word1 != 0 {
            return 64 + word1.trailingZeroBitCount
        }
        return word2 != 0 ? 128 + word2.trailingZeroBitCount : nil
    }

    /// Bit `i` of the result is bit `i + distance` of `self` (moves bits towards index 0); `distance` in 1..<64.
    func shiftedDown(by distance: Int) -> LineBits {
        precondition((1..<64).contains(distance), "shift distance out of range")
        let right = UInt64(distance)
        let left = 64 - right
        return LineBits(word0 >> right | word1 << left, word1 >> right | word2 << left, word2 >> right)
    }

    /// Bit `i` of the result is bit `i - distance` of `self` (moves bits away from index 0); `distance` in 1..<64.
    func shiftedUp(by distance: Int) -> LineBits {
        precondition((1..<64).contains(distance), "shift distance out of range")
        let left = UInt64(distance)
        let right = 64 - left
        return LineBits(word0 << left, word1 << left | word0 >> right, word2 << left | word1 >> right)
    }

    static func & (lhs: LineBits, rhs: LineBits) -> LineBits {
        LineBits(lhs.word0 & rhs.word0, lhs.word1 & rhs.word1, lhs.word2 & rhs.word2)
    }

    static func | (lhs: LineBits, rhs: LineBits) -> LineBits {
        LineBits(lhs.word0 | rhs.word0, lhs.word1 | rhs.word1, lhs.word2 | rhs.word2)
    }

    static func ^ (lhs: LineBits, rhs: LineBits) -> LineBits {
        LineBits(lhs.word0 ^ rhs.word0, lhs.word1 ^ rhs.word1, lhs.word2 ^ rhs.word2)
    }

    static prefix func ~ (bits: LineBits) -> LineBits {
        LineBits(~bits.word0, ~bits.word1, ~bits.word2)
    }
}
