import Foundation

/// How many questions of one content area and difficulty each person draws (E6.2).
public struct DrawRule: Codable, Sendable, Hashable {
    public var area: ContentArea
    public var difficulty: Difficulty
    public var count: Int

    public init(area: ContentArea, difficulty: Difficulty, count: Int) {
        self.area = area
        self.difficulty = difficulty
        self.count = count
    }
}

/// An exam built from the bank (E6.2): fixed questions, or a random draw per person by area and difficulty; the
/// time limit the server keeps, the pass mark, attempts allowed, the opening window and the audience. A contest
/// (竞赛) ranks by score, then by time taken.
public struct ExamDefinition: Codable, Sendable, Hashable {
    public var title: String
    public var purpose: TrainingPurpose
    /// The fixed questions, in this order before each person's shuffle; empty when `draws` are used.
    public var questionIDs: [UUID]
    public var draws: [DrawRule]
    public var pointsPerQuestion: Int
    public var timeLimitMinutes: Int
    public var passMark: Int
    public var attemptsAllowed: Int
    public var opensAt: Date
    public var closesAt: Date
    /// The departments whose people take it; empty means everyone.
    public var audience: [UUID]
    public var contest: Bool

    public init(
        title: String, purpose: TrainingPurpose, questionIDs: [UUID] = [], draws: [DrawRule] = [],
        pointsPerQuestion: Int = 1, timeLimitMinutes: Int, passMark: Int, attemptsAllowed: Int, opensAt: Date,
        closesAt: Date, audience: [UUID] = [], contest: Bool = false
    ) {
        self.title = title
        self.purpose = purpose
        self.questionIDs = questionIDs
        self.draws = draws
        self.pointsPerQuestion = pointsPerQuestion
        self.timeLimitMinutes = timeLimitMinutes
        self.passMark = passMark
        self.attemptsAllowed = attemptsAllowed
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.audience = audience
        self.contest = contest
    }

    public static let rule = RuleID("E6.2")
    /// A submission this long after the deadline still counts: the time a click and its request take to arrive.
    /// Anything later is refused (E6.2); the answers saved before the deadline stay on the attempt, unscored.
    public static let submissionGrace: TimeInterval = 30

    public var questionCount: Int { questionIDs.isEmpty ? draws.reduce(0) { $0 + $1.count } : questionIDs.count }
    public var maxScore: Int { questionCount * pointsPerQuestion }

    /// Every problem with the definition, each citing E6.2.
    public var problems: [FieldError] {
        var validator = FieldValidator()
        let rule = Self.rule
        if title.trimmed.isEmpty {
            validator.add(field: "title", rule: rule, zh: "请填写考试名称", en: "The title is required")
        }
        if title.count > 200 {
            validator.add(field: "title", rule: rule, zh: "考试名称不能超过 200 个字符", en: "The title is longer than 200")
        }
        if questionIDs.isEmpty == draws.isEmpty {
            validator.add(
                field: "questions", rule: rule, zh: "请选定试题，或按内容领域和难度设定随机抽题（二者选一）",
                en: "Choose fixed questions or random draws by area and difficulty (one of the two)")
        }
        if Set(questionIDs).count != questionIDs.count {
            validator.add(field: "questions", rule: rule, zh: "同一试题不能选两次", en: "A question is chosen twice")
        }
        if draws.contains(where: { $0.count < 1 || $0.count > 500 }) || questionCount > 500 {
            validator.add(
                field: "draws", rule: rule, zh: "每条抽题规则抽 1 至 500 题，全卷不超过 500 题",
                en: "Each draw takes 1 to 500 questions, and a paper at most 500")
        }
        if Set(draws.map { "\($0.area.rawValue)/\($0.difficulty.rawValue)" }).count != draws.count {
            validator.add(
                field: "draws", rule: rule, zh: "同一内容领域和难度只能设一条抽题规则",
                en: "One draw per content area and difficulty")
        }
        if !(1...100).contains(pointsPerQuestion) {
            validator.add(
                field: "pointsPerQuestion", rule: rule, zh: "每题分值为 1 至 100", en: "Points per question are 1 to 100")
        }
        if !(1...600).contains(timeLimitMinutes) {
            validator.add(
                field: "timeLimitMinutes", rule: rule, zh: "考试时长为 1 至 600 分钟", en: "The time limit is 1 to 600 minutes")
        }
        if passMark < 0 || passMark > maxScore {
            validator.add(
                field: "passMark", rule: rule, zh: "及格分须在 0 至满分（\(maxScore)）之间",
                en: "The pass mark is between 0 and the full score (\(maxScore))")
        }
        if !(1...20).contains(attemptsAllowed) {
            validator.add(
                field: "attemptsAllowed", rule: rule, zh: "允许作答次数为 1 至 20", en: "Attempts allowed are 1 to 20")
        }
        if closesAt <= opensAt {
            validator.add(field: "closesAt", rule: rule, zh: "截止时间须晚于开始时间", en: "It must close after it opens")
        }
        return validator.errors
    }

    public func validate() throws(DomainError) {
        let problems = self.problems
        if !problems.isEmpty { throw DomainError.invalid(problems) }
    }
}
