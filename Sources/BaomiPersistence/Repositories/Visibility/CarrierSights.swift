import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// What one viewer may see of each of a set of carriers, as `CarrierVisibility` decides it (DESIGN principle 11),
/// looked up in two statements whatever the number of carriers — and in none for a viewer who may see no carrier at
/// all (an administrator, someone leaving).
public struct CarrierSights: Sendable {
    /// Who is looking; nil for Baomi itself at the console (`baomi report` without `--as`), which reads the
    /// database file directly anyway and so sees everything.
    public let subject: AccessSubject?
    let objects: [UUID: AccessObject]
    let postClasses: PostClassCatalogue
    let levels: LevelCatalogue

    public init(
        subject: AccessSubject?, objects: [UUID: AccessObject], postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) {
        self.subject = subject
        self.objects = objects
        self.postClasses = postClasses
        self.levels = levels
    }

    /// Baomi itself, acting without an account on the command line.
    public static func system(levels: LevelCatalogue, postClasses: PostClassCatalogue) -> CarrierSights {
        CarrierSights(subject: nil, objects: [:], postClasses: postClasses, levels: levels)
    }

    /// The sights of `carrierIDs` for `subject`.
    public static func load(
        _ carrierIDs: some Collection<UUID>, for subject: AccessSubject, levels: LevelCatalogue,
        postClasses: PostClassCatalogue, on database: any Database
    ) async throws -> CarrierSights {
        let objects =
            CarrierVisibility.seesNone(subject) || carrierIDs.isEmpty
            ? [:] : try await ClearanceRepository.objects(carrierIDs: carrierIDs, levels: levels, on: database)
        return CarrierSights(subject: subject, objects: objects, postClasses: postClasses, levels: levels)
    }

    /// How much of the carrier this viewer may see; `duty` says whether the surface points them at it for a reason
    /// of their own (CarrierVisibility).
    public func sight(_ carrierID: UUID?, duty: Bool) -> CarrierSight {
        guard let subject else { return .full }
        return CarrierVisibility.sight(
            subject, carrierID.flatMap { objects[$0] }, duty: duty, postClasses: postClasses, levels: levels)
    }

    /// The carrier's own words for this viewer: `text` when they may read it, its opaque reference where their duty
    /// needs one, nil when it is to stay hidden.
    public func words(_ carrierID: UUID?, _ text: LocalizedText, duty: Bool) -> LocalizedText? {
        switch sight(carrierID, duty: duty) {
        case .full: text
        case .reference: CarrierVisibility.reference(carrierID)
        case .hidden: nil
        }
    }

    /// As `words`, for text that is the same in both languages (a title, a number).
    public func words(_ carrierID: UUID?, _ text: String, duty: Bool) -> LocalizedText? {
        words(carrierID, LocalizedText(zh: text, en: text), duty: duty)
    }
}

/// Which carrier a record of another kind concerns — a copy, a loan, a task, a single-carrier request — so that the
/// surfaces naming those records can ask `CarrierSights` about it.
public enum CarrierLinks {
    /// The record kinds that concern one carrier, as findings and audit records name them.
    public static let kinds: Set<String> = ["carrier", "copy", "loan", "task", "request"]

    /// Record id → carrier id, for the given `(kind, id)` pairs; records of other kinds, and requests spanning
    /// several carriers (a destruction batch), are left out.
    public static func carriers(
        of records: some Sequence<(kind: String, id: UUID)>, on database: any Database
    ) async throws -> [UUID: UUID] {
        var byKind: [String: [UUID]] = [:]
        for record in records where kinds.contains(record.kind) { byKind[record.kind, default: []].append(record.id) }
        var links: [UUID: UUID] = [:]
        for id in byKind["carrier"] ?? [] { links[id] = id }
        let queries: [(kind: String, sql: String)] = [
            ("copy", "SELECT id AS record_id, carrier_id FROM copies WHERE id IN "),
            ("task", "SELECT id AS record_id, carrier_id FROM tasks WHERE id IN "),
            (
                "request",
                "SELECT id AS record_id, carrier_id FROM requests WHERE carrier_id IS NOT NULL AND id IN "
            ),
            (
                "loan",
                "SELECT l.id AS record_id, k.carrier_id FROM loans l JOIN copies k ON k.id = l.copy_id WHERE l.id IN "
            ),
        ]
        for (kind, select) in queries {
            guard let ids = byKind[kind], !ids.isEmpty else { continue }
            var query = SQLQueryString("")
            query.appendInterpolation(unsafeRaw: select + "(")
            for (position, id) in Set(ids).enumerated() {
                query.appendInterpolation(unsafeRaw: position == 0 ? "" : ", ")
                query.appendInterpolation(bind: id)
            }
            query.appendLiteral(")")
            for row in try await database.sql.raw(query).all() {
                links[try row.decode(column: "record_id", as: UUID.self)] = try row.decode(
                    column: "carrier_id", as: UUID.self)
            }
        }
        return links
    }
}
