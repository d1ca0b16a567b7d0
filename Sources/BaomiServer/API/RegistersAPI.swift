import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct RegisterDTO: Content {
    var register: String
    var title: String
    var headers: [String]
    var rows: [[String]]
}

struct InventoryInput: Content {
    var name: String
    var departmentID: UUID?
    var placeID: UUID?
}

struct InventoryFoundInput: Content {
    /// Copy numbers `carrierNumber/serial`.
    var codes: [String]
}

struct InventoryDTO: Content {
    struct Item: Content {
        var copyID: UUID
        var code: String
        var found: Bool
        var foundBy: String
    }

    var id: UUID
    var name: String
    var departmentID: UUID?
    var placeID: UUID?
    var createdAt: Date
    var closedAt: Date?
    var expected: Int
    var missing: [String]
    var unexpected: [String]
    var items: [Item]

    init(_ inventory: InventoryModel) {
        id = inventory.id ?? UUID()
        name = inventory.name
        departmentID = inventory.departmentID
        placeID = inventory.placeID
        createdAt = inventory.createdAt
        closedAt = inventory.closedAt
        items = inventory.items.map {
            Item(
                copyID: $0.$copy.id, code: "\($0.copy.carrier.number)/\($0.copy.serial)", found: $0.found,
                foundBy: $0.foundBy)
        }
        expected = items.count
        missing = items.filter { !$0.found }.map(\.code)
        unexpected = inventory.unexpected.split(separator: "\n").map(String.init)
    }
}

/// `/api/v1/registers/{register}` and `/api/v1/inventories` (LEDGERS.md, C6).
enum RegistersAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID of the inventory")
        registry.register(
            APIOperation(
                method: .GET, path: "registers/{register}", operationID: "getRegister", tag: "registers",
                summary: "A register: incoming, outgoing, reproduction, destruction, retention 登记簿",
                parameters: [
                    .pathText("register", description: "The register", values: Register.allCases.map(\.rawValue))
                ], responseSchema: "Register"),
            on: routes, registerTable)
        registry.register(
            APIOperation(
                method: .GET, path: "inventories", operationID: "listInventories", tag: "registers",
                summary: "Inventory campaigns 清查 (C6)", responseSchema: "Inventory", responseIsArray: true), on: routes,
            inventories)
        registry.register(
            APIOperation(
                method: .POST, path: "inventories", operationID: "openInventory", tag: "registers",
                summary: "Open an inventory of a department or place 发起清查 (C6)", requestSchema: "InventoryInput",
                responseSchema: "Inventory", successStatus: 201), on: routes, open)
        registry.register(
            APIOperation(
                method: .GET, path: "inventories/{id}", operationID: "getInventory", tag: "registers",
                summary: "An inventory with what is missing and unexpected 清查结果", parameters: [id],
                responseSchema: "Inventory"), on: routes, inventory)
        registry.register(
            APIOperation(
                method: .POST, path: "inventories/{id}/found", operationID: "tickInventory", tag: "registers",
                summary: "Tick off copies found 核对", parameters: [id], requestSchema: "InventoryFoundInput",
                responseSchema: "Inventory"), on: routes, tick)
        registry.register(
            APIOperation(
                method: .POST, path: "inventories/{id}/close", operationID: "closeInventory", tag: "registers",
                summary: "Close an inventory 结束清查", parameters: [id], responseSchema: "Inventory"), on: routes, close)
    }

    @Sendable static func registerTable(_ request: Request) async throws -> Response {
        let (register, headers, rows, _) = try await RegistersController.table(request)
        return try request.json(
            RegisterDTO(register: register.rawValue, title: register.title.bilingual, headers: headers, rows: rows))
    }

    @Sendable static func inventories(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        return try request.json(try await request.visibleInventories(viewer).map(InventoryDTO.init))
    }

    @Sendable static func open(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        let body = try request.body(InventoryInput.self)
        if let allowed = try await request.carrierDepartments(viewer), body.placeID == nil,
            !allowed.contains(body.departmentID ?? UUID())
        {
            throw DomainError.invalid(field: "departmentID", rule: .t5_2, zh: "只能清查本部门", en: "Only your own department")
        }
        let inventory = try await request.openInventory(
            name: body.name, departmentID: body.departmentID, placeID: body.placeID, viewer: viewer)
        return try request.json(
            InventoryDTO(try await request.visibleInventory(try inventory.requireID(), viewer)), status: .created)
    }

    @Sendable static func inventory(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        return try request.json(InventoryDTO(try await request.visibleInventory(try request.uuidParameter(), viewer)))
    }

    @Sendable static func tick(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        let id = try request.uuidParameter()
        _ = try await request.tickInventory(
            id, codes: Array(try request.body(InventoryFoundInput.self).codes.prefix(2000)), viewer: viewer)
        return try request.json(InventoryDTO(try await request.visibleInventory(id, viewer)))
    }

    @Sendable static func close(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        let id = try request.uuidParameter()
        _ = try await request.visibleInventory(id, viewer)
        try await request.baomi.inventories.close(id, by: viewer.auditActor, on: request.db)
        return try request.json(InventoryDTO(try await request.visibleInventory(id, viewer)))
    }
}
