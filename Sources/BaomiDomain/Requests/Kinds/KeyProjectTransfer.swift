import Foundation

/// 重点项目人员调离 (T10): a member of a key project leaves it before it ends while staying with the unit. In
/// principle refused; approved only with the leader's step, and then the project is taken out of the member's
/// clearance, a new agreement is drafted for signature and a tracking file (专档) opens.
public enum KeyProjectTransfer: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        /// The member who leaves the project.
        public var personID: UUID?
        /// The key project they leave.
        public var projectID: UUID?
        /// The member and project as the register named them at submission (principle 12).
        public var personName: String?
        public var projectCode: String?
        public var projectName: String?
        /// `YYYY-MM-DD` the project was to end on, at submission; nil: no end date fixed.
        public var projectEndsOn: String?

        public init(personID: UUID? = nil, projectID: UUID? = nil) {
            self.personID = personID
            self.projectID = projectID
        }
    }

    public static let kind = RequestKind(code: "keyProjectTransfer")
    public static let title = LocalizedText(zh: "重点项目人员调离", en: "Key-project transfer")
    public static let numberPrefix = "ZD"
    public static let subject = RequestSubject.person

    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        var errors: [FieldError] = []
        if payload.personID == nil {
            errors.append(
                FieldError(
                    field: "personID", rule: KeyProjectRules.rule,
                    message: LocalizedText(zh: "请选择调离的项目成员", en: "Choose the member who leaves")))
        }
        if payload.projectID == nil {
            errors.append(
                FieldError(
                    field: "projectID", rule: KeyProjectRules.rule,
                    message: LocalizedText(zh: "请选择重点项目", en: "Choose the key project")))
        }
        return errors
    }

    /// The member's department, the extra approval of the 主管领导 T10 asks for, then the security office.
    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        [Departure.departmentStep, leaderStep, ApprovalChains.securityOffice]
    }

    /// T10's extra approval: the leader in charge of the member's department.
    public static let leaderStep = ApprovalStepSpec(
        approver: .relation(.leaderInCharge),
        title: LocalizedText(
            zh: "主管领导审批（重点项目成员在项目结束前调离，T10）",
            en: "Leader in charge (key-project member leaving before it ends, T10)"),
        escalation: .role(.securityOffice))

    /// The member the transfer concerns: approval relations are theirs, and they never decide it (A6).
    public static func concerning(_ payload: Payload) -> UUID? { payload.personID }
}

extension RequestKind {
    /// 重点项目人员调离 (T10).
    public static let keyProjectTransfer = KeyProjectTransfer.kind
}
