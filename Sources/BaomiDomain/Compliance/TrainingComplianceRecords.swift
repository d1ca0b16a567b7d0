import Foundation

/// What the training checks read (E1–E6.7): the people who owe training with their newest credit per purpose, the
/// plans' sessions, and the calendar's holidays and activities with whether each was briefed.
public struct TrainingComplianceRecords: Hashable, Sendable {
    public struct Person: Hashable, Sendable {
        public var id: UUID
        public var name: String
        public var departmentID: UUID
        public var postClass: SecretPostClass
        /// `YYYY-MM-DD`: when the person was registered (joined).
        public var registeredOn: String
        public var inKeyDepartment: Bool
        public var isSecrecyOfficer: Bool
        /// The newest credit of each purpose, `YYYY-MM-DD`.
        public var latest: [TrainingPurpose: String]

        public init(
            id: UUID, name: String, departmentID: UUID, postClass: SecretPostClass, registeredOn: String,
            inKeyDepartment: Bool, isSecrecyOfficer: Bool, latest: [TrainingPurpose: String]
        ) {
            self.id = id
            self.name = name
            self.departmentID = departmentID
            self.postClass = postClass
            self.registeredOn = registeredOn
            self.inKeyDepartment = inKeyDepartment
            self.isSecrecyOfficer = isSecrecyOfficer
            self.latest = latest
        }
    }

    public struct PlannedSession: Hashable, Sendable {
        public var id: UUID
        public var title: String
        public var departmentID: UUID?
        public var year: Int
        public var month: Int
        /// A held session is linked to it.
        public var held: Bool

        public init(id: UUID, title: String, departmentID: UUID?, year: Int, month: Int, held: Bool) {
            self.id = id
            self.title = title
            self.departmentID = departmentID
            self.year = year
            self.month = month
            self.held = held
        }
    }

    public struct Event: Hashable, Sendable {
        public var id: UUID
        public var name: String
        /// `YYYY-MM-DD`.
        public var startsOn: String
        public var responsiblePersonID: UUID?
        /// A briefing session was held for it (linked, or held in the lead days before it).
        public var briefed: Bool

        public init(id: UUID, name: String, startsOn: String, responsiblePersonID: UUID?, briefed: Bool) {
            self.id = id
            self.name = name
            self.startsOn = startsOn
            self.responsiblePersonID = responsiblePersonID
            self.briefed = briefed
        }
    }

    public var people: [Person] = []
    public var planned: [PlannedSession] = []
    public var events: [Event] = []
    public var policy = TrainingPolicy.nationalDefault

    public init() {}
}
