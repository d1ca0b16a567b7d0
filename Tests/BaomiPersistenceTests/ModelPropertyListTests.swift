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
        AccountChangeModel.self, AccountModel.self, AccountNoticeModel.self, ChainVersionModel.self,
        DelegationModel.self,
        RequestRevisionModel.self, WaitingApproverModel.self, CarrierModel.self, CarrierScopeModel.self,
        ClearanceChangeModel.self, CopyEventModel.self,
        CopyModel.self, DestructionConfirmationModel.self, FindingModel.self, InventoryItemModel.self,
        InventoryModel.self, LoanModel.self, MarkingChangeModel.self, OrgUnitModel.self, PersonModel.self,
        ProjectModel.self, ReadingModel.self,
        RequestItemModel.self, RequestModel.self, RequestStepModel.self, SecrecyOfficerModel.self, SessionModel.self,
        SettingModel.self, StoragePlaceModel.self, TaskModel.self, WorkingGroupMemberModel.self,
        RequestAttachmentModel.self, AttachmentBlobModel.self, QuestionModel.self, ExamModel.self,
        ExamAttemptModel.self, TrainingSessionModel.self, TrainingAttendanceModel.self, TrainingMaterialModel.self,
        TrainingPlanModel.self, PlannedSessionModel.self, CalendarEventModel.self, TrainingCreditModel.self,
        ClearanceReviewModel.self, PriorObligationModel.self,
        DepartureItemModel.self, DepartureLetterModel.self,
        AgreementTextModel.self, PersonAgreementModel.self, AgreementPaymentModel.self,
        TripReportModel.self, TravelDocumentModel.self, TravelDocumentMovementModel.self, PostModel.self,
        PostAssignmentModel.self, TrackingFileModel.self, TrackingEntryModel.self, CooperationContractModel.self,
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

    @Test("a model with children reads its fields as Fluent does and tells its children its id")
    func childrenKnowTheirParent() throws {
        // `ChildrenOutput` skips the last entries of the list: exactly the children must be there.
        for (model, children) in [(CarrierModel() as any Model, 2), (RequestModel(), 2), (InventoryModel(), 1)] {
            let kinds = model.properties.map { "\(type(of: $0))".hasPrefix("ChildrenProperty<") }
            #expect(
                kinds == Array(repeating: false, count: kinds.count - children)
                    + Array(repeating: true, count: children))
        }
        let id = UUID()
        let values: [String: any Sendable] = ["id": id, "number": "2026-001", "name": "年度清查"]
        let carrier = CarrierModel()
        try carrier.output(from: StubOutput(values: values))
        #expect(carrier.id == id && carrier.number == "2026-001")
        #expect(carrier.$copies.fromId == id && carrier.$scope.fromId == id)
        let request = RequestModel()
        try request.output(from: StubOutput(values: values))
        #expect(request.id == id && request.number == "2026-001")
        #expect(request.$items.fromId == id && request.$steps.fromId == id)
        let inventory = InventoryModel()
        try inventory.output(from: StubOutput(values: values))
        #expect(inventory.id == id && inventory.name == "年度清查" && inventory.$items.fromId == id)
        // A row without the id leaves the children without a parent, as Fluent's own output does.
        let unnamed = CarrierModel()
        try unnamed.output(from: StubOutput(values: ["number": "2026-002"]))
        #expect(unnamed.$copies.fromId == nil && unnamed.number == "2026-002")
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

    /// Tables written only in SQL: the migrations' own, the audit log's, the search index's and the import log's.
    static let tablesWithoutModel: Set<String> = [
        "_fluent_migrations", "audit_records", "audit_checkpoints", "carrier_imports",
    ]
}

/// A model type as a test argument.
struct ModelType: CustomTestStringConvertible, Sendable {
    let type: any Model.Type
    init(_ type: any Model.Type) { self.type = type }
    var testDescription: String { String(describing: type) }
}

/// A row of named values, as a model reads its fields.
private struct StubOutput: DatabaseOutput {
    let values: [String: any Sendable]
    var description: String { "\(values)" }
    func schema(_ schema: String) -> any DatabaseOutput { self }
    func contains(_ key: FieldKey) -> Bool { values[key.description] != nil }
    func decodeNil(_ key: FieldKey) throws -> Bool { values[key.description] == nil }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
        guard let value = values[key.description] as? T else { throw PersistenceError.corrupt("no \(key)") }
        return value
    }
}
