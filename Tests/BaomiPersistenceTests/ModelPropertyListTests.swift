import FluentKit
import SQLKit
import Testing

@testable import BaomiPersistence

/// Every model lists its property wrappers by hand (`properties`), because FluentKit's default finds them through
/// `Mirror` on every query, save and decode — the largest single cost of a write over HTTP (issue #4). A wrapper
/// missing from the list would silently never be stored or loaded, so each list must equal what reflection finds,
/// the same objects in the same order.
@Suite("Model property lists")
struct ModelPropertyListTests {
    static let models: [any Model.Type] = [
        AccountModel.self, CarrierModel.self, CarrierScopeModel.self, ClearanceChangeModel.self, CopyEventModel.self,
        CopyModel.self, DestructionConfirmationModel.self, FindingModel.self, InventoryItemModel.self,
        InventoryModel.self, LoanModel.self, OrgUnitModel.self, PersonModel.self, ProjectModel.self, ReadingModel.self,
        RequestItemModel.self, RequestModel.self, RequestStepModel.self, SecrecyOfficerModel.self, SessionModel.self,
        SettingModel.self, StoragePlaceModel.self, TaskModel.self, WorkingGroupMemberModel.self,
    ]

    @Test("each model's hand-written property list is what reflection finds", arguments: models.map { ModelType($0) })
    func listMatchesReflection(_ type: ModelType) {
        let model = type.type.init()
        // The wrappers reflection finds, by the name of their storage (`_borrowerName`).
        let reflected: [(name: String, id: ObjectIdentifier)] = Mirror(reflecting: model).children.compactMap {
            guard let property = $0.value as? any AnyProperty else { return nil }
            return ($0.label ?? "?", ObjectIdentifier(property as AnyObject))
        }
        let names = Dictionary(uniqueKeysWithValues: reflected.map { ($0.id, $0.name) })
        let listed = model.properties.map {
            names[ObjectIdentifier($0 as AnyObject)] ?? "(not a wrapper of this model)"
        }
        #expect(listed == reflected.map(\.name))
        #expect(!listed.isEmpty)
    }

    @Test("every table the migrations create for rows of a model has its model in the list above")
    func everyModelTableIsListed() async throws {
        try await withTestDatabase { test in
            let sql = try test.database.sql
            let tables: [String]
            switch try SQLDialectKind(test.database) {
            case .sqlite:
                tables = try await sql.raw(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                ).all().map { try $0.decode(column: "name", as: String.self) }
            case .postgres:
                tables = try await sql.raw(
                    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
                ).all().map { try $0.decode(column: "name", as: String.self) }
            }
            let modelTables = Set(tables).subtracting(Self.tablesWithoutModel).filter {
                !$0.hasPrefix("carrier_search")
            }
            #expect(modelTables == Set(Self.models.map { $0.schema }))
        }
    }

    /// Tables written only in SQL: the migrations' own, the audit log's and the search index's.
    static let tablesWithoutModel: Set<String> = ["_fluent_migrations", "audit_records", "audit_checkpoints"]
}

/// A model type as a test argument.
struct ModelType: CustomTestStringConvertible, Sendable {
    let type: any Model.Type
    init(_ type: any Model.Type) { self.type = type }
    var testDescription: String { String(describing: type) }
}
