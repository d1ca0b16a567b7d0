import Foundation

/// When a person may start, answer and submit an attempt (E6.2): the decisions the pages, the API and the
/// repository all ask.
public enum ExamRules {
    static let rule = ExamDefinition.rule

    /// Whether `departmentID`'s people are in the exam's audience.
    public static func isInAudience(_ exam: ExamDefinition, departmentID: UUID?) -> Bool {
        exam.audience.isEmpty || departmentID.map(exam.audience.contains) == true
    }

    /// Whether a person in `departmentID` who has started `attemptsUsed` attempts may start another at `now`.
    public static func mayStart(
        _ exam: ExamDefinition, departmentID: UUID?, attemptsUsed: Int, hasOpenAttempt: Bool, now: Date
    ) -> Decision {
        if !isInAudience(exam, departmentID: departmentID) {
            return .refused(Refusal(rule: rule, zh: "您不在本次考试的参考范围内", en: "You are not in this exam's audience"))
        }
        if now < exam.opensAt {
            return .refused(Refusal(rule: rule, zh: "考试尚未开始", en: "The exam has not opened yet"))
        }
        if now >= exam.closesAt {
            return .refused(Refusal(rule: rule, zh: "考试已截止", en: "The exam has closed"))
        }
        if hasOpenAttempt {
            return .refused(
                Refusal(rule: rule, zh: "您有一次作答尚未交卷，请先完成", en: "Finish the attempt you have begun first"))
        }
        if attemptsUsed >= exam.attemptsAllowed {
            return .refused(
                Refusal(
                    rule: rule, zh: "已用完允许的作答次数（\(exam.attemptsAllowed) 次）",
                    en: "All \(exam.attemptsAllowed) attempts allowed have been used"))
        }
        return .allowed
    }

    /// The moment an attempt started at `start` must be in: its time limit, but never after the exam closes.
    public static func deadline(_ exam: ExamDefinition, startedAt start: Date) -> Date {
        min(start.addingTimeInterval(TimeInterval(exam.timeLimitMinutes * 60)), exam.closesAt)
    }

    /// Whether an answer may be saved, or the paper submitted, at `now` (deadline plus the fixed grace).
    public static func mayWrite(deadline: Date, submittedAt: Date?, now: Date) -> Decision {
        if submittedAt != nil { return .refused(alreadySubmitted) }
        if now > deadline.addingTimeInterval(ExamDefinition.submissionGrace) {
            return .refused(
                Refusal(
                    rule: rule, zh: "作答时间已到，不能再提交（已保存的答案保留在记录中）",
                    en: "Time is up: the paper can no longer be submitted (the answers saved stay on record)"))
        }
        return .allowed
    }

    public static let alreadySubmitted = Refusal(
        rule: rule, zh: "本次作答已交卷，不能重复提交", en: "This attempt has already been submitted")

    /// A contest's order (竞赛): higher score first, then less time taken, then who submitted first.
    public static func ranksBefore(
        _ left: (score: Int, seconds: Int, submittedAt: Date), _ right: (score: Int, seconds: Int, submittedAt: Date)
    ) -> Bool {
        if left.score != right.score { return left.score > right.score }
        if left.seconds != right.seconds { return left.seconds < right.seconds }
        return left.submittedAt < right.submittedAt
    }
}

extension ExamRules {
    /// Who may set an exam for an audience: the security office for anyone; a department's secrecy officer only for
    /// their own departments' people (`stewarded`, nil meaning all), never for everyone.
    public static func mayManage(audience: [UUID], stewarded: Set<UUID>?) -> Decision {
        guard let stewarded else { return .allowed }
        if !audience.isEmpty, Set(audience).isSubset(of: stewarded) { return .allowed }
        return .refused(
            Refusal(
                rule: RuleID("T5.2"), zh: "部门保密员只能为本部门人员组织考试",
                en: "A department secrecy officer sets exams only for their own department's people"))
    }
}
