import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Storage places (C6, L1.2) and projects (A1 compartments).
public struct StoragePlaceRepository: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public struct PlaceDraft: Sendable {
        public var code: String
        public var name: String
        public var kind: StorageClass
        public var maxLevel: LevelID
        public var custodianID: UUID?
        public var departmentID: UUID
        public var location: String

        public static func parse(
            code: String?, name: String?, kind: String?, maxLevel: String?, custodianID: String?, departmentID: String?,
            location: String?, catalogue: LevelCatalogue
        ) throws(DomainError) -> PlaceDraft {
            var validator = FieldValidator()
            let code = validator.required(
                code, field: "code", label: LocalizedText(zh: "编号", en: "Code"), maxLength: 32)
            let name = validator.required(
                name, field: "name", label: LocalizedText(zh: "名称", en: "Name"), maxLength: 100)
            let kind = StorageClass(rawValue: kind?.trimmed ?? "")
            if kind == nil { validator.add(field: "kind", zh: "请选择类型", en: "Choose a kind") }
            let level = catalogue.definition(LevelID(rawValue: maxLevel?.trimmed ?? ""))
            if level == nil {
                validator.add(field: "maxLevel", rule: RuleID("C6"), zh: "请选择最高密级", en: "Choose the highest level")
            }
            // A place of storage is registered up to the highest level its kind may keep (C6); an office or a
            // reading room records the level it is cleared to be read in (L1.2, L2) and keeps nothing.
            if let kind, let level, kind.isForKeeping, kind < level.minimumStorage {
                let highest = catalogue.highestStorable(in: kind)
                validator.add(
                    field: "kind", rule: RuleID("C6"),
                    zh: "\(kind.title.zh)最高只能存放\(highest?.name.zh ?? "")级载体：\(level.name.zh)载体须存放于"
                        + "\(level.minimumStorage.title.zh)或更高等级的设施",
                    en:
                        "A \(kind.title.en.lowercased()) keeps up to \(highest?.name.en ?? ""): \(level.name.en) carriers "
                        + "need a \(level.minimumStorage.title.en.lowercased()) or better")
            }
            var custodian: UUID?
            if let text = custodianID?.trimmed, !text.isEmpty {
                custodian = UUID(uuidString: text)
                if custodian == nil { validator.add(field: "custodianID", zh: "人员无效", en: "Not a valid person") }
            }
            let department = UUID(uuidString: departmentID?.trimmed ?? "")
            if department == nil { validator.add(field: "departmentID", zh: "请选择部门", en: "Choose a department") }
            let location =
                validator.optional(
                    location, field: "location", label: LocalizedText(zh: "位置", en: "Location"), maxLength: 200) ?? ""
            try validator.check()
            return PlaceDraft(
                code: code, name: name, kind: kind ?? .fileCabinet, maxLevel: level?.id ?? .internal,
                custodianID: custodian,
                departmentID: department ?? UUID(), location: location)
        }
    }

    public func places(on database: any Database) async throws -> [StoragePlaceModel] {
        try await StoragePlaceModel.query(on: database).with(\.$custodian).with(\.$department).sort(\.$code).all()
    }

    public func place(_ id: UUID, on database: any Database) async throws -> StoragePlaceModel {
        guard
            let place = try await StoragePlaceModel.query(on: database).with(\.$custodian).with(\.$department)
                .filter(\.$id == id).first()
        else { throw DomainError.notFound(zh: "存放位置不存在", en: "No such storage place") }
        return place
    }

    @discardableResult
    public func save(
        _ draft: PlaceDraft, id: UUID?, catalogue: LevelCatalogue = .nationalDefault, by actor: AuditActor,
        on database: any Database
    ) async throws
        -> StoragePlaceModel
    {
        try await store.perform(
            on: database, by: actor, id == nil ? .placeCreate : .placeUpdate,
            subject: AuditSubject(type: "storagePlace", id: id?.uuidString, label: draft.name)
        ) { transaction, trail in
            if let other = try await StoragePlaceModel.query(on: transaction).filter(\.$code == draft.code).first(),
                other.id != id
            {
                throw DomainError.invalid(field: "code", zh: "编号已被使用", en: "This code is already in use")
            }
            guard try await OrgUnitModel.find(draft.departmentID, on: transaction) != nil else {
                throw DomainError.invalid(field: "departmentID", zh: "部门不存在", en: "No such department")
            }
            if let custodian = draft.custodianID, try await PersonModel.find(custodian, on: transaction) == nil {
                throw DomainError.invalid(field: "custodianID", zh: "人员不存在", en: "No such person")
            }
            let place: StoragePlaceModel
            if let id {
                place = try await self.place(id, on: transaction)
                try await checkKeeps(place: id, as: draft, catalogue: catalogue, on: transaction)
            } else {
                place = StoragePlaceModel(
                    code: draft.code, name: draft.name, kind: draft.kind.rawValue, maxLevel: draft.maxLevel.rawValue,
                    custodianID: draft.custodianID, departmentID: draft.departmentID, location: draft.location)
            }
            place.code = draft.code
            place.name = draft.name
            place.kind = draft.kind.rawValue
            place.maxLevel = draft.maxLevel.rawValue
            place.$custodian.id = draft.custodianID
            place.$department.id = draft.departmentID
            place.location = draft.location
            try await place.save(on: transaction)
            trail.subject = AuditSubject(type: "storagePlace", id: place.id?.uuidString, label: place.name)
            trail.note("maxLevel", place.maxLevel)
            trail.note("kind", place.kind)
            return place
        }
    }

    /// A place that keeps copies stays able to keep them (C6): it is not turned into an office or a reading room,
    /// or cleared below a level it holds, while they are in it.
    private func checkKeeps(
        place id: UUID, as draft: PlaceDraft, catalogue: LevelCatalogue, on database: any Database
    ) async throws {
        let rows = try await database.sql.raw(
            """
            SELECT level, COUNT(*) AS n FROM copies
            WHERE place_id = \(bind: id) AND state IN (\(bind: CopyState.stored.rawValue),
                \(bind: CopyState.pendingDestruction.rawValue))
            GROUP BY level
            """
        ).all()
        guard let placeLevel = catalogue.definition(draft.maxLevel) else { return }
        for row in rows {
            let code = try row.decode(column: "level", as: String.self)
            guard let level = catalogue.definition(LevelID(rawValue: code)),
                let refusal = CarrierRules.checkPlace(
                    copyLevel: level, placeLevel: placeLevel, placeKind: draft.kind, placeName: draft.name
                ).refusal
            else { continue }
            let count = try row.decode(column: "n", as: Int.self)
            throw DomainError.invalid(
                field: draft.kind.isForKeeping ? "maxLevel" : "kind", rule: refusal.rule,
                zh: "该位置现存\(level.name.zh)载体 \(count) 份：\(refusal.reason.zh)。请先移出",
                en: "It keeps \(count) \(level.name.en) copies now: \(refusal.reason.en). Move them first")
        }
    }

    // MARK: Projects

    public func projects(on database: any Database) async throws -> [ProjectModel] {
        try await ProjectModel.query(on: database).sort(\.$code).all()
    }

    @discardableResult
    public func createProject(
        code: String?, name: String?, level: String?, isKeyProject: Bool, catalogue: LevelCatalogue,
        by actor: AuditActor,
        on database: any Database
    ) async throws -> ProjectModel {
        var validator = FieldValidator()
        let code = validator.required(
            code, field: "code", label: LocalizedText(zh: "项目编号", en: "Project code"), maxLength: 32)
        let name = validator.required(
            name, field: "name", label: LocalizedText(zh: "项目名称", en: "Project name"), maxLength: 200)
        let definition = catalogue.definition(LevelID(rawValue: level?.trimmed ?? ""))
        if definition == nil { validator.add(field: "level", zh: "请选择密级", en: "Choose a level") }
        try validator.check()
        return try await store.perform(
            on: database, by: actor, .projectCreate, subject: AuditSubject(type: "project", label: name)
        ) { transaction, trail in
            if try await ProjectModel.query(on: transaction).filter(\.$code == code).first() != nil {
                throw DomainError.invalid(field: "code", zh: "项目编号已存在", en: "This project code exists")
            }
            let project = ProjectModel(
                code: code, name: name, level: definition?.id.rawValue ?? "", isKeyProject: isKeyProject)
            try await project.create(on: transaction)
            trail.subject = AuditSubject(type: "project", id: project.id?.uuidString, label: "\(code) \(name)")
            return project
        }
    }
}
