import Foundation

/// How urgent a finding is: 提示 before a deadline, 预警 when it is near, 逾期 once it has passed or the rule is
/// broken now.
public enum FindingSeverity: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case notice
    case warning
    case overdue

    public var title: LocalizedText {
        switch self {
        case .notice: LocalizedText(zh: "提示", en: "Notice")
        case .warning: LocalizedText(zh: "预警", en: "Warning")
        case .overdue: LocalizedText(zh: "逾期", en: "Overdue")
        }
    }

    private var order: Int {
        switch self {
        case .notice: 0
        case .warning: 1
        case .overdue: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}

/// What a finding is about: a copy, carrier, loan, person, department, place, request or task.
public struct FindingSubject: Hashable, Sendable, Codable {
    public var type: String
    public var id: UUID
    /// What people call it: `2026-017/3`, a name, a request number.
    public var label: String

    public init(type: String, id: UUID, label: String) {
        self.type = type
        self.id = id
        self.label = label
    }
}

/// One thing the compliance engine found wrong or about to go wrong (REMIND): which check and rule, how urgent,
/// about what, who must act (a person, or a department's secrecy officer; neither means the security office), by
/// when, and why in both languages.
public struct Finding: Hashable, Sendable {
    public var check: ComplianceCheck
    public var severity: FindingSeverity
    public var subject: FindingSubject
    public var responsiblePerson: UUID?
    public var responsibleDepartment: UUID?
    /// `YYYY-MM-DD`: the deadline the finding is about, if it has one.
    public var due: String?
    public var explanation: LocalizedText

    public init(
        check: ComplianceCheck, severity: FindingSeverity, subject: FindingSubject, responsiblePerson: UUID? = nil,
        responsibleDepartment: UUID? = nil, due: String? = nil, explanation: LocalizedText
    ) {
        self.check = check
        self.severity = severity
        self.subject = subject
        self.responsiblePerson = responsiblePerson
        self.responsibleDepartment = responsibleDepartment
        self.due = due
        self.explanation = explanation
    }

    public var rule: RuleID { check.rule }

    /// One open finding per check and subject: re-evaluating finds the same key and updates it, a key no longer
    /// found is closed.
    public var key: String { "\(check.rawValue):\(subject.type):\(subject.id.uuidString.lowercased())" }
}

/// The checks the engine runs, each citing the rule it reminds of. Later issues add theirs here.
public enum ComplianceCheck: String, CaseIterable, Hashable, Sendable, Codable {
    /// Borrowings due within three days, or past due (L1.9).
    case loanDue
    /// Secrecy periods ending within 90 days, or ended without review (C9).
    case periodEnding
    /// Departments and places keeping copies without an inventory in the last 12 months (C6).
    case inventoryDue
    /// Copies held by people who are leaving or have left (T22).
    case heldByLeaver
    /// People still holding a secret post while leaving or after leaving (A4).
    case clearedLeaver
    /// Departments without a secrecy officer (T4).
    case departmentWithoutOfficer
    /// Copies kept in personal retention past the approved date (C10).
    case retentionExpired
    /// Destruction batches approved but not completed (C8).
    case destructionPending
    /// Re-marking tasks not done after a level change (C9).
    case remarkPending
    /// Copies in a place below their level (C6).
    case placeBelowLevel
    /// Records that contradict each other: a holder that does not exist, a copy with no state history (C0).
    case dataConsistency
    /// An installation that takes backups has none from the last day, or its latest failed (S2).
    case backupMissing
    /// A request waiting for a decision longer than the configured days (A6, issue #14).
    case requestWaiting
    /// A 涉密人员 without a refresher in the last twelve months (E1–E4).
    case refresherOverdue
    /// New staff without induction training (E6.6(1)).
    case inductionMissing
    /// Someone holding a secret post without a pre-post credit (E6.6(3), A4).
    case prePostMissing
    /// A secrecy officer or a 涉密人员 of a key department without on-post training (E6.7).
    case onPostMissing
    /// A planned session whose month passed without a held session (E6.1).
    case plannedSessionLate
    /// A holiday or major activity near or begun without its briefing (E6.5).
    case briefingMissing
    /// A 涉密人员 whose periodic re-review is due or overdue (A2).
    case reReviewDue
    /// A duty to a former employer, still binding, that touches the person's post (T13).
    case priorObligationConflict
    /// 脱密期 ending within 30 days (A7: remind at its end).
    case separationEnding
    /// Non-compete period ending within 30 days (T11).
    case nonCompeteEnding
    /// A departure open more than 30 days (T22).
    case departureStuck
    /// A person on a secret post without the agreements it needs in force (T8, A4, L1.1).
    case agreementMissing
    /// An agreement in force whose term or non-compete ends within 30 days (T15, T11).
    case agreementEnding
    /// Remuneration or an allowance under an agreement unpaid past its day (T15).
    case remunerationUnpaid
    /// An approved trip abroad back more than the configured days without its 回国汇报 (A7).
    case debriefingMissing
    /// A passport the unit lent for a trip not back after the trip's return plus the configured days (A7).
    case passportNotReturned
    /// A tracking file (专档) open without a follow-up entry in the last 90 days (T10).
    case trackingFileStale
    /// A cooperation contract on secrets started without a secrecy agreement or confidentiality clause (T23).
    case cooperationUncovered
    /// A cooperation contract on secrets ending within 30 days (T23: a renewal needs its coverage too).
    case cooperationEnding

    public var rule: RuleID {
        switch self {
        case .loanDue: RuleID("L1.9")
        case .periodEnding, .remarkPending: RuleID("C9")
        case .inventoryDue, .placeBelowLevel: RuleID("C6")
        case .heldByLeaver: RuleID("T22")
        case .clearedLeaver: RuleID("A4")
        case .departmentWithoutOfficer: .t4
        case .retentionExpired: RuleID("C10")
        case .destructionPending: RuleID("C8")
        case .dataConsistency: RuleID("C0")
        case .backupMissing: .s2
        case .requestWaiting: RuleID("A6")
        case .refresherOverdue: RuleID("E1")
        case .inductionMissing: RuleID("E6.6(1)")
        case .prePostMissing: RuleID("E6.6(3)")
        case .onPostMissing: RuleID("E6.7")
        case .plannedSessionLate: RuleID("E6.1")
        case .briefingMissing: RuleID("E6.5")
        case .reReviewDue: RuleID("A2")
        case .priorObligationConflict: RuleID("T13")
        case .separationEnding: RuleID("A7")
        case .nonCompeteEnding: RuleID("T11")
        case .departureStuck: RuleID("T22")
        case .agreementMissing: RuleID("T8")
        case .agreementEnding, .remunerationUnpaid: RuleID("T15")
        case .debriefingMissing, .passportNotReturned: RuleID("A7")
        case .trackingFileStale: KeyProjectRules.rule
        case .cooperationUncovered, .cooperationEnding: CooperationRules.rule
        }
    }

    public var title: LocalizedText {
        switch self {
        case .loanDue: LocalizedText(zh: "借阅到期与逾期", en: "Borrowings due and overdue")
        case .periodEnding: LocalizedText(zh: "保密期限届满", en: "Secrecy periods ending")
        case .inventoryDue: LocalizedText(zh: "年度清查", en: "Yearly inventory")
        case .heldByLeaver: LocalizedText(zh: "离岗离职人员持有载体", en: "Copies held by leavers")
        case .clearedLeaver: LocalizedText(zh: "离岗离职人员仍在涉密岗位", en: "Leavers still in a secret post")
        case .departmentWithoutOfficer: LocalizedText(zh: "部门未指定保密员", en: "Departments without a secrecy officer")
        case .retentionExpired: LocalizedText(zh: "个人留存超期", en: "Personal retention past its date")
        case .destructionPending: LocalizedText(zh: "销毁未完成", en: "Destruction not completed")
        case .remarkPending: LocalizedText(zh: "密级变更后未重新标注", en: "Re-marking not done")
        case .placeBelowLevel: LocalizedText(zh: "存放位置低于载体密级", en: "Copies in a place below their level")
        case .dataConsistency: LocalizedText(zh: "数据一致性", en: "Data consistency")
        case .backupMissing: LocalizedText(zh: "数据备份", en: "Backups")
        case .requestWaiting: LocalizedText(zh: "审批超时", en: "Requests waiting too long")
        case .refresherOverdue: LocalizedText(zh: "年度保密复训逾期", en: "Annual refresher overdue")
        case .inductionMissing: LocalizedText(zh: "新进人员未经保密培训", en: "Induction training missing")
        case .prePostMissing: LocalizedText(zh: "涉密人员缺少上岗前培训", en: "Pre-post training missing")
        case .onPostMissing: LocalizedText(zh: "在岗保密培训缺失", en: "On-post training missing")
        case .plannedSessionLate: LocalizedText(zh: "计划培训未按期举行", en: "Planned sessions late")
        case .briefingMissing: LocalizedText(zh: "节前及重大活动前保密教育未开展", en: "Briefing before a holiday not held")
        case .reReviewDue: LocalizedText(zh: "涉密人员复审到期", en: "Re-reviews due")
        case .priorObligationConflict:
            LocalizedText(zh: "原单位保密义务与岗位相关", en: "Duties to a former employer touch the post")
        case .separationEnding: LocalizedText(zh: "脱密期即将届满", en: "Separation periods ending")
        case .nonCompeteEnding: LocalizedText(zh: "竞业限制期即将届满", en: "Non-compete periods ending")
        case .departureStuck: LocalizedText(zh: "离岗离职久未办结", en: "Departures stuck")
        case .agreementMissing: LocalizedText(zh: "涉密人员未签订所需保密协议", en: "Agreements missing for a secret post")
        case .agreementEnding: LocalizedText(zh: "保密协议即将到期", en: "Agreements ending")
        case .remunerationUnpaid: LocalizedText(zh: "保密补贴或报酬逾期未付", en: "Remuneration unpaid")
        case .debriefingMissing: LocalizedText(zh: "出境人员未按时回国汇报", en: "Return debriefings missing")
        case .passportNotReturned: LocalizedText(zh: "出境证件逾期未交回", en: "Passports not returned")
        case .trackingFileStale: LocalizedText(zh: "专档久无跟踪记录", en: "Tracking files without a recent entry")
        case .cooperationUncovered:
            LocalizedText(zh: "涉密合作未签订保密协议或保密条款", en: "Secret cooperation without secrecy coverage")
        case .cooperationEnding: LocalizedText(zh: "涉密合作合同即将到期", en: "Secret cooperation contracts ending")
        }
    }
}
