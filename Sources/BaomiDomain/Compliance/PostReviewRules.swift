import Foundation

/// What the re-review and prior-obligation checks read (A2, T13): every 涉密人员 with the day their class was granted
/// and their last review, and every prior obligation still binding with the post its holder is in.
public struct PostReviewRecords: Hashable, Sendable {
    public struct Cleared: Hashable, Sendable {
        public var id: UUID
        public var name: String
        public var departmentID: UUID
        /// `YYYY-MM-DD`: the day the class now held was granted.
        public var postSince: String?
        public var lastReviewedOn: String?

        public init(id: UUID, name: String, departmentID: UUID, postSince: String?, lastReviewedOn: String?) {
            self.id = id
            self.name = name
            self.departmentID = departmentID
            self.postSince = postSince
            self.lastReviewedOn = lastReviewedOn
        }
    }

    public struct Obligation: Hashable, Sendable {
        public var id: UUID
        public var personID: UUID
        public var personName: String
        public var departmentID: UUID
        public var departmentName: String
        public var post: String
        /// The field of the registered post held (T13), when the person holds one.
        public var postField: String?
        public var obligation: PriorObligation

        public init(
            id: UUID, personID: UUID, personName: String, departmentID: UUID, departmentName: String, post: String,
            postField: String? = nil, obligation: PriorObligation
        ) {
            self.postField = postField
            self.id = id
            self.personID = personID
            self.personName = personName
            self.departmentID = departmentID
            self.departmentName = departmentName
            self.post = post
            self.obligation = obligation
        }
    }

    public var policy = ReviewPolicy.defaultPolicy
    public var cleared: [Cleared] = []
    public var obligations: [Obligation] = []

    public init() {}
}

/// 涉密人员复审 due (A2) and prior obligations touching the post (T13), for the security office.
public enum PostReviewRules {
    static func reviewsDue(_ records: ComplianceRecords) -> [Finding] {
        let policy = records.postReviews.policy
        let horizon = SecrecyPeriod.day(records.today, plus: ReviewPolicy.warningDays)
        return records.postReviews.cleared.compactMap { person in
            guard let due = policy.due(lastReviewedOn: person.lastReviewedOn, postSince: person.postSince),
                due <= horizon
            else { return nil }
            return Finding(
                check: .reReviewDue, severity: due < records.today ? .overdue : .warning,
                subject: FindingSubject(type: "person", id: person.id, label: person.name),
                responsibleDepartment: person.departmentID, due: due,
                explanation: LocalizedText(
                    zh: "\(person.name)的涉密人员复审应于 \(due) 前完成（每 \(policy.cycleMonths) 个月一次）",
                    en: "\(person.name)'s re-review as 涉密人员 is due by \(due) (every \(policy.cycleMonths) months)"))
        }
    }

    static func obligationsTouchingPosts(_ records: ComplianceRecords) -> [Finding] {
        records.postReviews.obligations.compactMap { held in
            guard
                held.obligation.conflicts(
                    post: held.post, department: held.departmentName, postField: held.postField, on: records.today)
            else { return nil }
            return Finding(
                check: .priorObligationConflict, severity: .warning,
                subject: FindingSubject(type: "person", id: held.personID, label: held.personName),
                responsibleDepartment: held.departmentID, due: held.obligation.endsOn,
                explanation: held.obligation.warning)
        }
    }
}
