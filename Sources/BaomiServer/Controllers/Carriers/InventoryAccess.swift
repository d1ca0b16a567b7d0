import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension Request {
    /// The inventories of the departments this viewer looks after (T5.2), each showing only the copies their
    /// clearance covers (A2): above it a copy is absent from the list and from its counts, as in the ledgers.
    func visibleInventories(_ viewer: Viewer) async throws -> [InventoryModel] {
        let departments = try await carrierDepartments(viewer)
        let clearance = try await ledgerViewer(viewer)
        var visible: [InventoryModel] = []
        for inventory in try await baomi.inventories.inventories(on: db) {
            guard try await inventoryDepartmentAllowed(inventory, departments) else { continue }
            visible.append(Self.cleared(inventory, clearance))
        }
        return visible
    }

    /// One inventory as this viewer may see it; another department's answers 404, as if it did not exist.
    func visibleInventory(_ id: UUID, _ viewer: Viewer) async throws -> InventoryModel {
        let inventory = try await baomi.inventories.inventory(id, on: db)
        guard try await inventoryDepartmentAllowed(inventory, try await carrierDepartments(viewer)) else {
            throw DomainError.notFound(zh: "清查不存在", en: "No such inventory")
        }
        return Self.cleared(inventory, try await ledgerViewer(viewer))
    }

    /// Opens an inventory with the copies the viewer is cleared for (A2).
    func openInventory(
        name: String, departmentID: UUID?, placeID: UUID?, viewer: Viewer
    ) async throws -> InventoryModel {
        try await baomi.inventories.open(
            name: name, departmentID: departmentID, placeID: placeID, clearance: try await ledgerViewer(viewer),
            by: viewer.auditActor, on: db)
    }

    /// Ticks off found copies among those the viewer may see (A2).
    func tickInventory(_ id: UUID, codes: [String], viewer: Viewer) async throws -> (Int, [String]) {
        _ = try await visibleInventory(id, viewer)
        let clearance = try await ledgerViewer(viewer)
        return try await baomi.inventories.tick(
            id, found: codes, visible: { clearance.clears($0) }, by: viewer.auditActor, on: db)
    }

    private func inventoryDepartmentAllowed(_ inventory: InventoryModel, _ departments: Set<UUID>?) async throws -> Bool
    {
        guard let departments else { return true }
        if let department = inventory.departmentID { return departments.contains(department) }
        guard let placeID = inventory.placeID, let place = try await StoragePlaceModel.find(placeID, on: db) else {
            return false
        }
        return departments.contains(place.$department.id)
    }

    private static func cleared(_ inventory: InventoryModel, _ clearance: CarrierLedgerQuery.Viewer) -> InventoryModel {
        inventory.$items.value = inventory.items.filter { clearance.clears($0.copy.carrier) }
        return inventory
    }
}
