import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Inventory campaigns (清查, C6: at least yearly): what should be in a department or place, ticked off by copy as
/// officers find it; the result lists the missing and the unexpected, and a missing copy can be reported lost.
public struct InventoryRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// Opens a campaign listing every copy that should be in the department or place now: live and held there —
    /// and, for a person (`clearance`), within what they are cleared for (A2). Copies above them wait for an
    /// inventory opened by someone cleared for them; nobody checks what they may not see.
    @discardableResult
    public func open(
        name: String, departmentID: UUID?, placeID: UUID?, clearance: CarrierLedgerQuery.Viewer? = nil,
        by actor: AuditActor, on database: any Database
    ) async throws -> InventoryModel {
        try await store.perform(
            on: database, by: actor, .inventoryOpen, subject: AuditSubject(type: "inventory", label: name)
        ) { transaction, trail in
            if name.trimmed.isEmpty {
                throw DomainError.invalid(field: "name", zh: "请填写清查名称", en: "Name the inventory")
            }
            if (departmentID == nil) == (placeID == nil) {
                throw DomainError.invalid(
                    field: "scope", rule: RuleID("C6"), zh: "请选择一个部门或一个存放位置", en: "Choose one department or one place")
            }
            let query = CopyModel.query(on: transaction).join(
                CarrierModel.self, on: \CopyModel.$carrier.$id == \CarrierModel.$id
            )
            .filter(
                \.$state ~~ [
                    CopyState.registered.rawValue, CopyState.stored.rawValue, CopyState.onLoan.rawValue,
                    CopyState.underRepair.rawValue,
                ])
            if let departmentID { query.filter(CarrierModel.self, \.$department.$id == departmentID) }
            if let placeID { query.filter(\.$place.$id == placeID) }
            if let clearance {
                query.filter(CarrierModel.self, \.$level ~~ clearance.levels)
                let projects = Array(clearance.projects)
                query.group(.or) { either in
                    either.filter(CarrierModel.self, \.$project.$id == nil)
                    if !projects.isEmpty { either.filter(CarrierModel.self, \.$project.$id ~~ projects) }
                }
            }
            let copies = try await query.all()
            let inventory = InventoryModel()
            inventory.name = name.trimmed
            inventory.departmentID = departmentID
            inventory.placeID = placeID
            inventory.createdBy = actor.name
            inventory.createdAt = clock()
            inventory.unexpected = ""
            try await inventory.create(on: transaction)
            for copy in copies {
                // With the copy as it is now, to be found as it was when the inventory opened (principle 12).
                var insert: SQLQueryString = """
                    INSERT INTO inventory_items (id, inventory_id, copy_id, found, found_by, carrier_number,
                        carrier_title, level, level_name, marking, copy_total, holder_name, place_name, department_name)
                    SELECT \(bind: UUID()), \(bind: try inventory.requireID()), \(bind: try copy.requireID()),
                        \(bind: false), '',
                    """
                insert.appendInterpolation(CopySnapshot.columns(of: copy))
                try await transaction.sql.raw(insert).run()
            }
            trail.subject = AuditSubject(type: "inventory", id: inventory.id?.uuidString, label: inventory.name)
            trail.note("expected", String(copies.count))
            return inventory
        }
    }

    /// Every campaign, newest first, with its copies and their carriers (for the clearance filter, A2).
    public func inventories(on database: any Database) async throws -> [InventoryModel] {
        try await InventoryModel.query(on: database).with(\.$items) { $0.with(\.$copy) { $0.with(\.$carrier) } }
            .sort(\.$createdAt, .descending).all()
    }

    public func inventory(_ id: UUID, on database: any Database) async throws -> InventoryModel {
        let query = InventoryModel.query(on: database).filter(\.$id == id)
            .with(\.$items) { $0.with(\.$copy) { $0.with(\.$carrier).with(\.$place).with(\.$holder) } }
        guard let inventory = try await query.first() else {
            throw DomainError.notFound(zh: "清查不存在", en: "No such inventory")
        }
        return inventory
    }

    /// Ticks off what an officer found, by copy number `2026-017/3` (carrier number / serial); anything not on the
    /// list is kept as unexpected. `visible`: the items the person may see (A2); a number they could not see on the
    /// list counts as unexpected, which tells them nothing they did not bring.
    public func tick(
        _ id: UUID, found codes: [String], visible: @escaping @Sendable (CarrierModel) -> Bool = { _ in true },
        by actor: AuditActor, on database: any Database
    ) async throws -> (found: Int, unexpected: [String]) {
        try await store.perform(
            on: database, by: actor, .inventoryTick, subject: AuditSubject(type: "inventory", id: id.uuidString)
        ) { transaction, trail in
            // Two officers ticking at once: the second reads what the first found (`RowLock`), nothing is lost.
            try await RowLock.take(InventoryModel.schema, id: id, on: transaction)
            let inventory = try await self.inventory(id, on: transaction)
            trail.subject = AuditSubject(type: "inventory", id: id.uuidString, label: inventory.name)
            guard inventory.closedAt == nil else {
                throw DomainError.conflict(
                    LocalizedText(zh: "清查已结束", en: "The inventory is closed"), rule: RuleID("C6"))
            }
            var found = 0
            var unexpected: [String] = []
            for code in codes.map(\.trimmed).filter({ !$0.isEmpty }) {
                if let item = inventory.items.first(where: {
                    "\($0.copy.carrier.number)/\($0.copy.serial)" == code && visible($0.copy.carrier)
                }) {
                    if !item.found {
                        item.found = true
                        item.foundBy = actor.name
                        item.foundAt = clock()
                        try await item.save(on: transaction)
                        found += 1
                    }
                } else {
                    unexpected.append(String(code.prefix(64)))
                }
            }
            if !unexpected.isEmpty {
                inventory.unexpected = (inventory.unexpected.split(separator: "\n").map(String.init) + unexpected)
                    .joined(separator: "\n")
                try await inventory.save(on: transaction)
            }
            trail.note("found", String(found))
            trail.note("unexpected", unexpected.joined(separator: ","))
            return (found, unexpected)
        }
    }

    public func close(_ id: UUID, by actor: AuditActor, on database: any Database) async throws {
        try await store.perform(
            on: database, by: actor, .inventoryClose, subject: AuditSubject(type: "inventory", id: id.uuidString)
        ) { transaction, trail in
            try await RowLock.take(InventoryModel.schema, id: id, on: transaction)
            let inventory = try await self.inventory(id, on: transaction)
            trail.subject = AuditSubject(type: "inventory", id: id.uuidString, label: inventory.name)
            guard inventory.closedAt == nil else {
                throw DomainError.conflict(
                    LocalizedText(zh: "清查已结束", en: "The inventory is closed"), rule: RuleID("C6"))
            }
            trail.note("missing", String(inventory.items.filter { !$0.found }.count))
            inventory.closedAt = clock()
            try await inventory.save(on: transaction)
        }
    }
}
