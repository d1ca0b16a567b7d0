import Foundation

/// What the compliance checks read: the current records, already narrowed by storage to the candidates each check
/// can flag (open loans, live copies with a holder who is not active…), so that a full evaluation at a million
/// copies reads thousands of rows, not millions. The checks decide; storage only narrows.
public struct ComplianceRecords: Sendable {
    /// `YYYY-MM-DD` in the organisation's time zone.
    public var today: String
    /// The moment the records were read, for checks measured in hours (backups).
    public var now: Date?
    public var openLoans: [OpenLoan] = []
    public var classifiedCarriers: [ClassifiedCarrier] = []
    public var keepers: [Keeper] = []
    public var heldByInactive: [HeldCopy] = []
    public var clearedInactive: [PersonRecord] = []
    public var departments: [DepartmentRecord] = []
    public var retentions: [Retention] = []
    public var approvedDestructions: [PendingRequest] = []
    /// Requests waiting for a decision, each since its step began to wait (`approvedOn`), and the days allowed.
    public var waitingRequests: [PendingRequest] = []
    public var approvalWaitingDays = ComplianceRules.approvalWaitingDays
    public var openRemarkTasks: [OpenTask] = []
    public var placedAboveLimit: [PlacedCopy] = []
    public var holderMissing: [CopyRecord] = []
    public var withoutHistory: [CopyRecord] = []
    /// The backups the installation took (`backup.create` in the audit trail); nil when it never took one.
    public var backups: BackupHistory?
    /// Who owes which training, the plans' sessions and the calendar (E1–E6.7, #15).
    public var training = TrainingComplianceRecords()
    /// 涉密人员 with their last re-review, and prior obligations still binding (A2, T13, #16).
    public var postReviews = PostReviewRecords()
    /// People still bound after leaving, and departures under way (A7, T11, T22, #16).
    public var departures = DepartureComplianceRecords()
    /// Who lacks agreements, which end soon, what is unpaid (T8, T15, #16).
    public var agreements = AgreementComplianceRecords()
    /// Trips back without a debriefing and passports out of the unit's keeping (A7, #16).
    public var travel = TravelComplianceRecords()
    /// Tracking files (专档) still open, with their latest entry (T10, #16).
    public var trackingFiles = TrackingFileComplianceRecords()
    /// Cooperation contracts not yet ended (T23, #16).
    public var cooperation = CooperationComplianceRecords()

    public init(today: String) {
        self.today = today
    }

    /// When the last backup succeeded, and whether the latest attempt failed.
    public struct BackupHistory: Hashable, Sendable {
        /// nil when none succeeded yet.
        public var lastSuccess: Date?
        public var latestFailed: Bool

        public init(lastSuccess: Date?, latestFailed: Bool) {
            self.lastSuccess = lastSuccess
            self.latestFailed = latestFailed
        }
    }

    public struct CopyRecord: Hashable, Sendable {
        public var id: UUID
        /// `2026-017/3`.
        public var code: String
        public var departmentID: UUID

        public init(id: UUID, code: String, departmentID: UUID) {
            self.id = id
            self.code = code
            self.departmentID = departmentID
        }
    }

    public struct OpenLoan: Hashable, Sendable {
        public var id: UUID
        public var copy: CopyRecord
        public var borrowerID: UUID?
        public var borrowerName: String
        /// `YYYY-MM-DD`.
        public var due: String

        public init(id: UUID, copy: CopyRecord, borrowerID: UUID?, borrowerName: String, due: String) {
            self.id = id
            self.copy = copy
            self.borrowerID = borrowerID
            self.borrowerName = borrowerName
            self.due = due
        }
    }

    /// A carrier with live copies and the day its classification started.
    public struct ClassifiedCarrier: Hashable, Sendable {
        public var id: UUID
        public var number: String
        public var title: String
        public var level: LevelID
        public var period: SecrecyPeriod
        /// `YYYY-MM-DD`: 定密日期, or the registration day when none was recorded.
        public var classifiedOn: String
        public var departmentID: UUID

        public init(
            id: UUID, number: String, title: String, level: LevelID, period: SecrecyPeriod, classifiedOn: String,
            departmentID: UUID
        ) {
            self.id = id
            self.number = number
            self.title = title
            self.level = level
            self.period = period
            self.classifiedOn = classifiedOn
            self.departmentID = departmentID
        }
    }

    /// A department or storage place keeping live copies, and when an inventory of it last closed.
    public struct Keeper: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            case department
            case place
        }

        public var kind: Kind
        public var id: UUID
        public var name: String
        /// The department answering for it: itself, or the place's.
        public var departmentID: UUID
        public var custodianID: UUID?
        /// `YYYY-MM-DD`, nil when never inventoried.
        public var lastInventory: String?

        public init(
            kind: Kind, id: UUID, name: String, departmentID: UUID, custodianID: UUID? = nil, lastInventory: String?
        ) {
            self.kind = kind
            self.id = id
            self.name = name
            self.departmentID = departmentID
            self.custodianID = custodianID
            self.lastInventory = lastInventory
        }
    }

    /// A live copy whose holder is not active.
    public struct HeldCopy: Hashable, Sendable {
        public var copy: CopyRecord
        public var holder: PersonRecord

        public init(copy: CopyRecord, holder: PersonRecord) {
            self.copy = copy
            self.holder = holder
        }
    }

    public struct PersonRecord: Hashable, Sendable {
        public var id: UUID
        public var name: String
        public var departmentID: UUID
        public var status: PersonStatus
        public var postClass: SecretPostClass

        public init(id: UUID, name: String, departmentID: UUID, status: PersonStatus, postClass: SecretPostClass) {
            self.id = id
            self.name = name
            self.departmentID = departmentID
            self.status = status
            self.postClass = postClass
        }
    }

    public struct DepartmentRecord: Hashable, Sendable {
        public var id: UUID
        public var name: String
        public var secrecyOfficers: Int

        public init(id: UUID, name: String, secrecyOfficers: Int) {
            self.id = id
            self.name = name
            self.secrecyOfficers = secrecyOfficers
        }
    }

    /// An approved personal retention whose copy is still with the person it was approved for.
    public struct Retention: Hashable, Sendable {
        public var requestNumber: String
        public var copy: CopyRecord
        public var retainerID: UUID
        public var retainerName: String
        /// `YYYY-MM-DD`, the approved end.
        public var until: String

        public init(requestNumber: String, copy: CopyRecord, retainerID: UUID, retainerName: String, until: String) {
            self.requestNumber = requestNumber
            self.copy = copy
            self.retainerID = retainerID
            self.retainerName = retainerName
            self.until = until
        }
    }

    public struct PendingRequest: Hashable, Sendable {
        public var id: UUID
        public var number: String
        /// `YYYY-MM-DD`, the day of the last approval.
        public var approvedOn: String
        public var copies: Int

        public init(id: UUID, number: String, approvedOn: String, copies: Int) {
            self.id = id
            self.number = number
            self.approvedOn = approvedOn
            self.copies = copies
        }
    }

    public struct OpenTask: Hashable, Sendable {
        public var id: UUID
        public var personID: UUID
        public var carrierNumber: String
        public var copyCode: String?
        public var departmentID: UUID
        /// `YYYY-MM-DD`.
        public var createdOn: String

        public init(
            id: UUID, personID: UUID, carrierNumber: String, copyCode: String?, departmentID: UUID, createdOn: String
        ) {
            self.id = id
            self.personID = personID
            self.carrierNumber = carrierNumber
            self.copyCode = copyCode
            self.departmentID = departmentID
            self.createdOn = createdOn
        }
    }

    /// A live copy in a place, with both levels: storage narrows to pairs whose ranks differ, and to places of use
    /// (an office or a reading room), which keep nothing whatever their level (C6).
    public struct PlacedCopy: Hashable, Sendable {
        public var copy: CopyRecord
        public var level: LevelID
        public var placeName: String
        public var placeLevel: LevelID
        public var placeKind: StorageClass?
        public var placeDepartmentID: UUID
        public var custodianID: UUID?

        public init(
            copy: CopyRecord, level: LevelID, placeName: String, placeLevel: LevelID, placeKind: StorageClass? = nil,
            placeDepartmentID: UUID, custodianID: UUID?
        ) {
            self.copy = copy
            self.level = level
            self.placeName = placeName
            self.placeLevel = placeLevel
            self.placeKind = placeKind
            self.placeDepartmentID = placeDepartmentID
            self.custodianID = custodianID
        }
    }
}
