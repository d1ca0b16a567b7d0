import Foundation

/// 离岗离职审批 (T22, T12, T11, A7, A4): a person leaves a secret post — retires, resigns, is transferred or
/// dismissed. Submitting it bars the person at once (A4: a leaving person has no access); the last approval completes
/// it only when the person holds nothing (T22) and every returned item is signed off, and then, in the same
/// transaction, the 脱密期 and the non-compete period start and every access is gone (A7, T11).
public enum Departure: RequestKindDefinition {
    /// Why the person leaves.
    public enum Way: String, CaseIterable, Hashable, Sendable, Codable {
        case retire
        case resign
        case transfer
        case dismissal
        case contractEnd
        case other

        public var title: LocalizedText {
            switch self {
            case .retire: LocalizedText(zh: "退休", en: "Retirement")
            case .resign: LocalizedText(zh: "辞职", en: "Resignation")
            case .transfer: LocalizedText(zh: "调离", en: "Transfer")
            case .dismissal: LocalizedText(zh: "辞退", en: "Dismissal")
            case .contractEnd: LocalizedText(zh: "合同期满", en: "End of contract")
            case .other: LocalizedText(zh: "其他", en: "Other")
            }
        }
    }

    public struct Payload: Codable, Sendable, Hashable {
        /// The person who leaves.
        public var personID: UUID?
        /// `Way` raw value.
        public var departureKind: String?
        /// 最后工作日, `YYYY-MM-DD`.
        public var lastWorkingDay: String?
        /// The new employer, told of the duties that follow the person (告知函, T12); empty when there is none.
        public var newEmployer: String?
        /// The leaver as the register named them at submission (principle 12): the letters and forms print these.
        public var personName: String?
        public var employeeNumber: String?
        public var departmentName: String?
        /// `SecretPostClass` raw value of the post they leave.
        public var postClass: String?
        /// The running key projects the leaver was a member of at submission, as labels: why the chain has the
        /// leader's step (T10). Written by the engine.
        public var keyProjects: [String]?

        public init(
            personID: UUID? = nil, departureKind: String? = nil, lastWorkingDay: String? = nil,
            newEmployer: String? = nil
        ) {
            self.personID = personID
            self.departureKind = departureKind
            self.lastWorkingDay = lastWorkingDay
            self.newEmployer = newEmployer
        }
    }

    public static let kind = RequestKind(code: "departure")
    public static let title = LocalizedText(zh: "离岗离职审批", en: "Departure")
    public static let numberPrefix = "LG"
    public static let subject = RequestSubject.person

    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        var errors: [FieldError] = []
        if payload.personID == nil {
            errors.append(
                FieldError(
                    field: "personID", rule: RuleID("T22"),
                    message: LocalizedText(zh: "请选择离岗离职的人员", en: "Choose the person who leaves")))
        }
        if Way(rawValue: payload.departureKind ?? "") == nil {
            errors.append(
                FieldError(
                    field: "departureKind", rule: RuleID("T22"),
                    message: LocalizedText(
                        zh: "请选择离岗离职方式（退休、辞职、调离、辞退……）",
                        en: "Choose how the person leaves (retirement, resignation, transfer, dismissal…)")))
        }
        if case .failure(let error) = CalendarDay.parse(
            payload.lastWorkingDay ?? "", field: "lastWorkingDay",
            label: LocalizedText(zh: "最后工作日", en: "Last working day"), rule: RuleID("T22"))
        {
            errors.append(error)
        }
        if (payload.newEmployer ?? "").count > 200 {
            errors.append(
                FieldError(
                    field: "newEmployer", rule: RuleID("T12"),
                    message: LocalizedText(zh: "新单位名称不超过 200 字", en: "The new employer is at most 200 characters")))
        }
        return errors
    }

    /// LIFECYCLE.md: department → HR → security office; a member of a key project adds the leader
    /// (`KeyProjectRules.leaderStep`, added at submission while the project runs, T10). The department step is the head of the leaver's department, not the requester's.
    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        [departmentStep, personnelStep, ApprovalChains.securityOffice]
    }

    /// 部门审核: the head of the leaver's department (the relation resolves to the person the request concerns).
    public static let departmentStep = ApprovalStepSpec(
        approver: .relation(.departmentHead), title: LocalizedText(zh: "所在部门审核", en: "Department"),
        escalation: .role(.securityOffice))
    /// 人事部门审核 (T12: HR reiterates the duties in writing); an organisation without 人事部门 accounts escalates to
    /// the security office.
    public static let personnelStep = ApprovalStepSpec(
        approver: .role(.personnel), title: LocalizedText(zh: "人事部门审核", en: "Human resources"),
        escalation: .role(.securityOffice))
    /// The person a departure concerns: approval relations (the department head, the leader in charge) are theirs.
    public static func concerning(_ payload: Payload) -> UUID? { payload.personID }
}

extension RequestKind {
    /// 离岗离职 (T22, T12, T11, A7).
    public static let departure = Departure.kind
}
