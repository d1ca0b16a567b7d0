import BaomiDomain
import FluentKit
import Foundation

/// A person's 岗位履历 (A2, principle 12): the spells on registered posts, and the secret-post classes set before
/// the register existed or directly by the security office, so nothing already recorded is lost. Each entry is
/// as it was recorded: the post's code, name and class then, not now.
public struct PostHistory: Sendable {
    public struct Entry: Sendable, Hashable {
        public var from: String
        public var until: String?
        public var postCode: String?
        public var postName: String?
        public var departmentName: String?
        public var postClass: SecretPostClass
        /// The approval request that decided it, when one did.
        public var requestNumber: String?
        public var reason: String
        public var recordedBy: String
    }

    public init() {}

    /// The registered post each person holds now, by its current name (the 涉密人员台账's 岗位): one statement over
    /// the open spells of the page's people.
    public static func currentPostNames(of people: [UUID], on database: any Database) async throws -> [UUID: String] {
        guard !people.isEmpty else { return [:] }
        let open = try await PostAssignmentModel.query(on: database).filter(\.$person.$id ~~ people)
            .filter(\.$untilDate == nil).with(\.$post).all()
        var names: [UUID: String] = [:]
        for spell in open { names[spell.$person.id] = spell.post?.name ?? spell.postName }
        return names
    }

    /// The field of the registered post each person holds (T13's comparison), for those who hold one.
    public static func currentPostFields(of people: [UUID], on database: any Database) async throws -> [UUID: String] {
        guard !people.isEmpty else { return [:] }
        let open = try await PostAssignmentModel.query(on: database).filter(\.$person.$id ~~ people)
            .filter(\.$untilDate == nil).with(\.$post).all()
        var fields: [UUID: String] = [:]
        for spell in open { fields[spell.$person.id] = spell.post?.field }
        return fields
    }

    /// Newest first. A class change that a spell's own registration wrote (same class, within seconds) is the
    /// same event and is shown once, as the spell.
    public func entries(of personID: UUID, on database: any Database) async throws -> [Entry] {
        let spells = try await PostAssignmentModel.query(on: database).filter(\.$person.$id == personID)
            .sort(\.$recordedAt, .descending).all()
        let changes = try await ClearanceChangeModel.query(on: database).filter(\.$person.$id == personID)
            .sort(\.$changedAt, .descending).all()
        var dated: [(Date, Entry)] = spells.map { spell in
            (
                spell.recordedAt,
                Entry(
                    from: spell.fromDate, until: spell.untilDate, postCode: spell.postCode, postName: spell.postName,
                    departmentName: spell.departmentName,
                    postClass: SecretPostClass(rawValue: spell.postClass) ?? .nonSecret,
                    requestNumber: spell.requestNumber, reason: spell.reason, recordedBy: spell.recordedBy)
            )
        }
        for change in changes {
            let isSpell = spells.contains {
                $0.postClass == change.postClass && abs($0.recordedAt.timeIntervalSince(change.changedAt)) < 5
            }
            if isSpell { continue }
            dated.append(
                (
                    change.changedAt,
                    Entry(
                        from: ClearanceRepository.today(change.changedAt), until: nil, postCode: nil, postName: nil,
                        departmentName: nil, postClass: SecretPostClass(rawValue: change.postClass) ?? .nonSecret,
                        requestNumber: nil, reason: change.reason, recordedBy: change.changedBy)
                ))
        }
        dated.sort { $0.0 > $1.0 }
        // A class change without a post ends where the next entry (newer) began.
        var result = dated.map(\.1)
        for index in result.indices.dropFirst() where result[index].until == nil {
            result[index].until = result[index - 1].from
        }
        return result
    }
}
