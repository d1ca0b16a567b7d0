import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

extension LevelCatalogue: Content {}
extension LevelDefinition: Content {}
extension CarrierDraft.Input: Content {}

struct ClassifierInput: Content {
    var classifierMaxLevel: String?
}

struct StoragePlaceDTO: Content {
    var id: UUID
    var code: String
    var name: String
    var kind: String
    var maxLevel: String
    var departmentID: UUID
    var custodianID: UUID?
    var location: String

    init(_ place: StoragePlaceModel) {
        id = place.id ?? UUID()
        code = place.code
        name = place.name
        kind = place.kind
        maxLevel = place.maxLevel
        departmentID = place.$department.id
        custodianID = place.$custodian.id
        location = place.location
    }
}

struct StoragePlaceInput: Content {
    var code: String?
    var name: String?
    var kind: String?
    var maxLevel: String?
    var departmentID: String?
    var custodianID: String?
    var location: String?
}

struct ProjectDTO: Content {
    var id: UUID
    var code: String
    var name: String
    var level: String
    var isKeyProject: Bool
    /// The project's last day (T10); nil: not fixed.
    var endsOn: String?
}

struct ProjectInput: Content {
    var code: String?
    var name: String?
    var level: String?
    var isKeyProject: Bool?
}

struct CopySummaryDTO: Content {
    var id: UUID
    var serial: Int
    var state: String
    var holderID: UUID?
    var placeID: UUID?
    var counterpart: String
    var lastChangedAt: Date

    init(_ copy: CopyModel) {
        id = copy.id ?? UUID()
        serial = copy.serial
        state = copy.state
        holderID = copy.$holder.id
        placeID = copy.$place.id
        counterpart = copy.counterpart
        lastChangedAt = copy.lastChangedAt
    }
}

struct CarrierDTO: Content {
    var id: UUID
    var number: String
    var title: String
    var documentNumber: String
    var category: String
    var form: String
    var source: String
    var regime: String
    var level: String
    var marking: String
    var period: String
    var copyCount: Int
    var copyingAllowed: Bool
    var departmentID: UUID
    var projectID: UUID?
    var classifierID: UUID?
    var classificationBasis: String
    var classifiedOn: String?
    var originatingAuthority: String
    var isProductionWaste: Bool
    var notes: String
    var scope: [ScopeEntry]
    var copies: [CopySummaryDTO]
    /// The markings it has had (C9, principle 12): the one it was registered with, then each change; `marking` is now.
    var markingHistory: [MarkingEntry]

    struct ScopeEntry: Content {
        var kind: String
        var id: UUID
    }

    struct MarkingEntry: Content {
        var at: Date
        /// `registered`, `declassify`, `changeLevel` or `extend`.
        var change: String
        var from: String?
        var to: String
        var request: String?
        var approvedBy: String?
    }

    init(_ carrier: CarrierModel, copies: [CopyModel], catalogue: LevelCatalogue, markings: MarkingHistory) {
        let period = CarrierPresentation.period(carrier.period)
        id = carrier.id ?? UUID()
        number = carrier.number
        title = carrier.title
        documentNumber = carrier.documentNumber
        category = carrier.category
        form = carrier.form
        source = carrier.source
        regime = carrier.regime
        level = carrier.level
        marking = catalogue.definition(LevelID(rawValue: carrier.level))?.marking(for: period) ?? carrier.level
        self.period = period.text
        copyCount = carrier.copyCount
        copyingAllowed = carrier.copyingAllowed
        departmentID = carrier.$department.id
        projectID = carrier.$project.id
        classifierID = carrier.$classifier.id
        classificationBasis = carrier.classificationBasis
        classifiedOn = carrier.classifiedOn
        originatingAuthority = carrier.originatingAuthority
        isProductionWaste = carrier.isProductionWaste
        notes = carrier.notes
        scope = carrier.$scope.value?.map { ScopeEntry(kind: $0.kind, id: $0.refID) } ?? []
        self.copies = copies.map(CopySummaryDTO.init)
        markingHistory =
            (markings.registered.map { [MarkingEntry(at: $0.at, change: "registered", to: $0.marking)] } ?? [])
            + markings.changes.map {
                MarkingEntry(
                    at: $0.at, change: $0.change, from: $0.fromMarking, to: $0.toMarking, request: $0.requestNumber,
                    approvedBy: $0.approvedBy)
            }
    }
}

struct CarrierLedgerRowDTO: Content {
    var id: UUID
    var number: String
    var title: String
    var documentNumber: String
    var form: String
    var category: String
    var level: String
    var period: String
    var copyCount: Int
    var liveCopies: Int
    var source: String
    var department: String
    var createdAt: Date?
}

struct CopyLedgerRowDTO: Content {
    var id: UUID
    var carrierID: UUID
    var number: String
    var title: String
    var serial: Int
    var copyCount: Int
    var level: String
    var state: String
    var holder: String?
    var place: String?
    var counterpart: String
    var lastChangedAt: Date
}

struct LedgerPageDTO<Row: Content>: Content {
    var total: Int
    var page: Int
    var pageSize: Int
    var rows: [Row]
}

struct CopyEventDTO: Content {
    var at: Date
    var actor: String
    var action: String
    var fromState: String?
    var toState: String
    var placeID: UUID?
    var personID: UUID?
    var counterpart: String
    var details: [String: String]
    /// The copy as the event recorded it (principle 12).
    var level: String
    var marking: String
    var holder: String
    var place: String
}

struct CopyDetailDTO: Content {
    var copy: CopySummaryDTO
    var carrierID: UUID
    var carrierNumber: String
    var history: [CopyEventDTO]
}

struct CopyStepInput: Content {
    var action: String
    var placeID: String?
    var personID: String?
    var departmentID: String?
    var counterpart: String?
    var channel: String?
    var escortIDs: [String]?
    var sealed: Bool?
    var receiverQualification: String?
    var receiverCertificate: String?
    var onSite: Bool?
    var storageRemoved: Bool?
    var supervisor: String?
    var note: String?

    /// The same flat values the page's forms send, so one parser serves both.
    var values: [String: String] {
        var values: [String: String] = ["action": action]
        values["placeID"] = placeID
        values["personID"] = personID
        values["departmentID"] = departmentID
        values["counterpart"] = counterpart
        values["channel"] = channel
        values["escortIDs"] = escortIDs?.joined(separator: ",")
        values["sealed"] = sealed == true ? "true" : nil
        values["receiverQualification"] = receiverQualification
        values["receiverCertificate"] = receiverCertificate
        values["onSite"] = onSite == true ? "true" : nil
        values["storageRemoved"] = storageRemoved == true ? "true" : nil
        values["supervisor"] = supervisor
        values["note"] = note
        return values
    }
}

/// A reading in place (C4): who read the copy, and where.
struct ReadingInput: Content {
    var personID: UUID
    var placeID: UUID
}

/// The custodian's check-in of a returned copy (C4): the place, where it came from when left out.
struct CheckInInput: Content {
    var placeID: UUID?
}
