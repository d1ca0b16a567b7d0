import Foundation

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same draw and order on every server and
/// in every release, so a paper can be rebuilt from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A question of the bank as a draw sees it.
public struct BankEntry: Sendable, Hashable {
    public var id: UUID
    public var areas: [ContentArea]
    public var difficulty: Difficulty

    public init(id: UUID, areas: [ContentArea], difficulty: Difficulty) {
        self.id = id
        self.areas = areas
        self.difficulty = difficulty
    }
}

/// One person's paper (E6.2): which questions, in which order, and each question's options in which order — all
/// derived from the attempt's seed, so two people side by side see different papers.
public enum ExamPaper {
    /// The questions of an attempt: the fixed ones shuffled, or for each draw rule `count` questions of its area and
    /// difficulty (a question tagged with several areas is drawn at most once), then shuffled together.
    public static func questions(
        _ exam: ExamDefinition, bank: [BankEntry], seed: UInt64
    ) throws(DomainError) -> [UUID] {
        var generator = SeededGenerator(seed: seed)
        if !exam.questionIDs.isEmpty { return exam.questionIDs.shuffled(using: &generator) }
        var chosen: [UUID] = []
        var taken = Set<UUID>()
        for draw in exam.draws {
            let pool = bank.filter {
                $0.difficulty == draw.difficulty && $0.areas.contains(draw.area) && !taken.contains($0.id)
            }
            .map(\.id).sorted { $0.uuidString < $1.uuidString }
            guard pool.count >= draw.count else {
                throw DomainError.invalid(
                    field: "draws", rule: ExamDefinition.rule,
                    zh: "题库中「\(draw.area.title.zh)」\(draw.difficulty.title.zh)题只有 \(pool.count) 道，不够抽 \(draw.count) 道",
                    en: "The bank has \(pool.count) \(draw.difficulty.rawValue) questions of \(draw.area.title.en), "
                        + "fewer than the \(draw.count) to draw")
            }
            let picked = pool.shuffled(using: &generator).prefix(draw.count)
            chosen += picked
            taken.formUnion(picked)
        }
        return chosen.shuffled(using: &generator)
    }

    /// The order a question's options are shown in at `position` of a paper: a permutation of the option indices.
    /// True-or-false keeps 正确 before 错误 (shuffling two words only confuses).
    public static func optionOrder(count: Int, type: QuestionType, seed: UInt64, position: Int) -> [Int] {
        guard type != .trueFalse, type.hasOptions else { return Array(0..<count) }
        var generator = SeededGenerator(seed: seed ^ (UInt64(position + 1) &* 0xD6E8_FEB8_6659_FD93))
        return Array(0..<count).shuffled(using: &generator)
    }
}
