import Foundation

/// Which duty a session's attendance or an exam's pass meets. A `TrainingCredit` carries it, and the gates and
/// reminders ask for credits of a purpose rather than for sessions or exams (so either kind of evidence counts).
public enum TrainingPurpose: String, CaseIterable, Codable, Sendable {
    /// Regular education of all staff, a legal duty of each (E1, E2, E4, E6.1–E6.4); counts for coverage only.
    case general
    /// New staff's secrecy training on joining (E6.6(1)).
    case induction
    /// The special education before a person enters a secret post (E6.6(3), A4): the gate on post classes.
    case prePost
    /// On-post training of new secrecy managers and people in key departments (E6.7).
    case onPost
    /// Every 涉密人员's annual refresher: education's focus is on them (E1, E4).
    case refresher
    /// A targeted briefing before a holiday or a major secret activity (E6.5).
    case briefing

    public var rule: RuleID {
        switch self {
        case .general: RuleID("E1")
        case .induction: RuleID("E6.6(1)")
        case .prePost: RuleID("E6.6(3)")
        case .onPost: RuleID("E6.7")
        case .refresher: RuleID("E1")
        case .briefing: RuleID("E6.5")
        }
    }

    public var title: LocalizedText {
        switch self {
        case .general: LocalizedText(zh: "日常保密教育", en: "General education")
        case .induction: LocalizedText(zh: "新进人员保密培训", en: "Induction training")
        case .prePost: LocalizedText(zh: "上岗前保密专项培训", en: "Pre-post training")
        case .onPost: LocalizedText(zh: "在岗保密培训", en: "On-post training")
        case .refresher: LocalizedText(zh: "年度保密复训", en: "Annual refresher")
        case .briefing: LocalizedText(zh: "节前及重大活动前专项教育", en: "Briefing before a holiday or activity")
        }
    }
}

/// One piece of evidence that a person met a training duty: an attended session or a passed exam (E1–E6.7).
/// Written in the same transaction as the attendance or the exam result it stands for, and never changed after.
public struct TrainingCredit: Codable, Sendable, Hashable {
    public enum Source: String, Codable, Sendable {
        case session
        case exam
    }

    public var personID: UUID
    public var purpose: TrainingPurpose
    public var source: Source
    public var sourceID: UUID
    /// The session's subject or the exam's title as it was (principle 12).
    public var title: String
    /// `YYYY-MM-DD`.
    public var earnedOn: String
    /// Hours of the session (0 for an exam).
    public var hours: Double

    public init(
        personID: UUID, purpose: TrainingPurpose, source: Source, sourceID: UUID, title: String, earnedOn: String,
        hours: Double = 0
    ) {
        self.personID = personID
        self.purpose = purpose
        self.source = source
        self.sourceID = sourceID
        self.title = title
        self.earnedOn = earnedOn
        self.hours = hours
    }
}
