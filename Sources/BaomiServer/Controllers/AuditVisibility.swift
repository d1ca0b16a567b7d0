import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// An audit record as its reviewer may see it (S1, DESIGN principle 11). The reviewers are administrators who hold
/// no clearance: they follow an account's actions, so a record about a carrier names it by its opaque reference and
/// keeps only the facts that say nothing of what it holds. The record itself is unchanged in the log; only what
/// this reviewer is shown of it is narrowed.
struct VisibleAuditRecord: Sendable {
    var record: AuditRecord
    /// What the record is about, as the reviewer may read it.
    var objectLabel: String?
    var details: [String: String]
    /// The carrier's title, number, level and free text were left out for this reviewer.
    var redacted: Bool

    init(_ record: AuditRecord) {
        self.record = record
        objectLabel = record.objectLabel
        details = record.decodedDetails
        redacted = false
    }
}

enum AuditRedaction {
    /// Detail keys that say nothing of a carrier's content (state, counts, channel, people, places), kept when the
    /// carrier is not the reviewer's to read; every other key (title, level, number, notes, reasons…) is left out.
    static let neutralKeys: Set<String> = [
        "action", "from", "to", "channel", "sealed", "onSite", "storageRemoved", "serial", "copies", "confirmations",
        "verdict", "kind", "forced", "returnDate", "expected", "found", "missing", "place", "supervisor", "escorts",
        "borrower", "person", "capability", "status",
    ]

    /// The record with what the reviewer may not read replaced; `carrierID` is the carrier it concerns.
    static func narrowed(_ record: AuditRecord, carrierID: UUID?) -> VisibleAuditRecord {
        var visible = VisibleAuditRecord(record)
        visible.objectLabel = CarrierVisibility.reference(carrierID).zh
        visible.details = visible.details.filter { neutralKeys.contains($0.key) }
        visible.redacted = true
        return visible
    }

    /// Copy numbers an officer typed when an inventory found something unexpected name carriers: a reviewer is
    /// told how many, not which.
    static func countingUnexpected(_ record: AuditRecord) -> VisibleAuditRecord {
        var visible = VisibleAuditRecord(record)
        if let unexpected = visible.details["unexpected"], !unexpected.isEmpty {
            visible.details["unexpected"] = String(unexpected.split(separator: ",").count)
        }
        return visible
    }
}

extension Request {
    /// The records as this reviewer may see them: every record about a carrier asks `CarrierSights` (principle 11).
    func visibleAuditRecords(_ records: [AuditRecord], viewer: Viewer) async throws -> [VisibleAuditRecord] {
        let references = records.compactMap { record -> (kind: String, id: UUID)? in
            guard let type = record.objectType, CarrierLinks.kinds.contains(type),
                let id = record.objectID.flatMap(UUID.init(uuidString:))
            else { return nil }
            return (type, id)
        }
        let (links, sights) = try await carrierSights(of: references, viewer: viewer)
        return records.map { record in
            guard let type = record.objectType, CarrierLinks.kinds.contains(type) else {
                return record.objectType == "inventory"
                    ? AuditRedaction.countingUnexpected(record) : VisibleAuditRecord(record)
            }
            let id = record.objectID.flatMap(UUID.init(uuidString:))
            // A request spanning several carriers (a destruction batch) is named by its own number only.
            if type == "request" && id.flatMap({ links[$0] }) == nil { return VisibleAuditRecord(record) }
            let carrierID = id.flatMap { links[$0] }
            guard sights.sight(carrierID, duty: true) != .full else { return VisibleAuditRecord(record) }
            return AuditRedaction.narrowed(record, carrierID: carrierID)
        }
    }
}
