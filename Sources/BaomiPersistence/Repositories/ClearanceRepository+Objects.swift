import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ClearanceRepository {
    /// Carriers as the access decision sees them, by id; carriers that do not exist are left out.
    public static func objects(
        carrierIDs: some Collection<UUID>, levels: LevelCatalogue, on database: any Database
    ) async throws -> [UUID: AccessObject] {
        let ids = Array(Set(carrierIDs))
        guard !ids.isEmpty else { return [:] }
        let carriers = try await CarrierModel.query(on: database).filter(\.$id ~~ ids).all()
        return try await objects(of: carriers, levels: levels, on: database)
    }

    /// The distribution scopes and the departments of the copies of all `carriers` in one statement: the hand-over
    /// of every borrowing asks it for one carrier, a page of tasks or findings for fifty.
    static func objects(
        of carriers: [CarrierModel], levels: LevelCatalogue, on database: any Database
    ) async throws -> [UUID: AccessObject] {
        let ids = try carriers.map { try $0.requireID() }
        guard !ids.isEmpty else { return [:] }
        func list() -> SQLQueryString {
            var list = SQLQueryString("")
            for (position, id) in ids.enumerated() {
                list.appendInterpolation(unsafeRaw: position == 0 ? "" : ", ")
                list.appendInterpolation(bind: id)
            }
            return list
        }
        let rows = try await database.sql.raw(
            """
            SELECT carrier_id, kind, ref_id FROM carrier_scope WHERE carrier_id IN (\(list()))
            UNION ALL SELECT DISTINCT carrier_id, 'copy', department_id FROM copies WHERE carrier_id IN (\(list()))
            UNION ALL SELECT DISTINCT carrier_id, 'copy', receiving_department_id FROM copies
                WHERE carrier_id IN (\(list())) AND receiving_department_id IS NOT NULL
            """
        ).all()
        var scopes: [UUID: [(kind: String, id: UUID)]] = [:]
        for row in rows {
            scopes[try row.decode(column: "carrier_id", as: UUID.self), default: []].append(
                (try row.decode(column: "kind", as: String.self), try row.decode(column: "ref_id", as: UUID.self)))
        }
        var objects: [UUID: AccessObject] = [:]
        for carrier in carriers {
            let id = try carrier.requireID()
            objects[id] = object(of: carrier, scope: scopes[id] ?? [], levels: levels)
        }
        return objects
    }

    /// A carrier as the access decision sees it: label (level + its project as compartment), the departments that
    /// register, keep or receive its copies, and its distribution scope.
    static func object(
        of carrier: CarrierModel, scope rows: [(kind: String, id: UUID)], levels: LevelCatalogue
    ) -> AccessObject {
        var departments: Set<UUID> = [carrier.$department.id]
        var scope: [CarrierScopeModel.Kind: [UUID]] = [:]
        for row in rows {
            if let kind = CarrierScopeModel.Kind(rawValue: row.kind) {
                scope[kind, default: []].append(row.id)
            } else {
                departments.insert(row.id)
            }
        }
        // A level the catalogue no longer knows keeps the rank it was registered with, so it stays protected.
        let level =
            levels.definition(LevelID(rawValue: carrier.level))
            ?? LevelDefinition(
                id: LevelID(rawValue: carrier.level), regime: Regime(rawValue: carrier.regime) ?? .state,
                rank: carrier.levelRank, name: LocalizedText(zh: carrier.level, en: carrier.level), maximumYears: nil,
                serialNumbersRequired: true, channels: [], twoPersonTransmission: true,
                copyNeedsOriginatorApproval: true, minimumStorage: .safe, destructionSupervisors: 2)
        let compartments = Set([carrier.$project.id?.uuidString].compactMap { $0 })
        return AccessObject(
            number: carrier.number, label: SecurityLabel(level: level, compartments: compartments),
            levelName: level.name, departments: Array(departments),
            scopePeople: scope[.person] ?? [], scopeDepartments: scope[.department] ?? [],
            scopeProjects: scope[.project] ?? [])
    }
}
