import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Each kind's approval chain as configured (DESIGN principle 9): version 1 is the national default
/// (`ApprovalChains`), every change by the security office a new version, audited; a request keeps the version it was
/// submitted under. A chain set for one level applies to that level, one set for "" to every level without its own.
public struct ChainCatalogue: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// A version of a chain as shown and served: its steps and where it came from.
    public struct Version: Sendable {
        public var kind: RequestKind
        /// nil: every level.
        public var level: LevelID?
        public var number: Int
        public var steps: [ApprovalStepSpec]
        public var note: String
        public var createdBy: String
        public var createdAt: Date?

        /// `borrow/topSecret/3`, `destroy/*/1`: what a request records as the version it was submitted under.
        public var label: String { "\(kind.rawValue)/\(level?.rawValue ?? "*")/\(number)" }
    }

    /// The setting that says after how many days a waiting request becomes a finding (issue #14).
    static let waitingDaysKey = "approvalWaitingDays"

    /// After how many days a request waiting for a decision is a finding for the security office (A6).
    static func waitingDays(sql: any SQLDatabase) async throws -> Int {
        let text = try await sql.raw("SELECT value FROM settings WHERE key = \(bind: waitingDaysKey)").first()?
            .decode(column: "value", as: String.self)
        return text.flatMap { Int($0) } ?? ComplianceRules.approvalWaitingDays
    }

    public func waitingDays(on database: any Database) async throws -> Int {
        try await Self.waitingDays(sql: database.sql)
    }

    /// The security office sets after how many days (1–90) a waiting request is a finding; audited.
    public func setWaitingDays(
        _ days: Int, by actor: AuditActor, roles: Set<Role>, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .chainSet, subject: AuditSubject(type: "setting", id: Self.waitingDaysKey)
        ) { transaction, trail in
            guard roles.contains(.securityOffice) else {
                throw Refusal(
                    rule: RuleID("T4"), zh: "审批流程由保密办配置", en: "The security office configures approval chains")
            }
            guard (1...90).contains(days) else {
                throw DomainError.invalid(
                    field: "waitingDays", rule: RuleID("A6"), zh: "请填写 1 到 90 天", en: "Between 1 and 90 days")
            }
            let setting =
                try await SettingModel.find(Self.waitingDaysKey, on: transaction)
                ?? SettingModel(key: Self.waitingDaysKey, value: String(days))
            trail.note("waitingDays", "\(setting.value) → \(days)")
            setting.value = String(days)
            try await setting.save(on: transaction)
        }
    }

    /// The national default, the one function every default chain is read through (`ApprovalChains`).
    public static func nationalDefault(_ kind: RequestKind, level: LevelDefinition) -> [ApprovalStepSpec] {
        ApprovalChains.chain(for: kind, level: level)
    }

    /// The chain in force for a kind at a level, and its version label (nil: the national default, version 1).
    public static func current(
        _ kind: RequestKind, level: LevelDefinition, on database: any Database
    ) async throws -> ([ApprovalStepSpec], String?) {
        let rows = try await ChainVersionModel.query(on: database).filter(\.$kind == kind.rawValue)
            .filter(\.$level ~~ [level.id.rawValue, ""]).sort(\.$number, .descending).all()
        let latest = rows.first { $0.level == level.id.rawValue } ?? rows.first { $0.level.isEmpty }
        guard let latest, let steps = try? JSONDecoder().decode([ApprovalStepSpec].self, from: Data(latest.steps.utf8)),
            !steps.isEmpty
        else { return (nationalDefault(kind, level: level), nil) }
        return (steps, Self.version(latest).label)
    }

    /// Every version of a kind's chain at a level (nil: the chain for every level), newest first, ending with the
    /// national default as version 1.
    public func versions(
        _ kind: RequestKind, level: LevelID?, catalogue: LevelCatalogue, on database: any Database
    ) async throws -> [Version] {
        let rows = try await ChainVersionModel.query(on: database).filter(\.$kind == kind.rawValue)
            .filter(\.$level == (level?.rawValue ?? "")).sort(\.$number, .descending).all()
        let defaultLevel =
            level.flatMap { catalogue.definition($0) } ?? catalogue.definition(.secret) ?? catalogue.levels[0]
        return rows.map(Self.version)
            + [
                Version(
                    kind: kind, level: level, number: 1, steps: Self.nationalDefault(kind, level: defaultLevel),
                    note: "国家默认 / national default", createdBy: "", createdAt: nil)
            ]
    }

    static func version(_ row: ChainVersionModel) -> Version {
        Version(
            kind: RequestKind(rawValue: row.kind) ?? .borrow,
            level: row.level.isEmpty ? nil : LevelID(rawValue: row.level),
            number: row.number,
            steps: (try? JSONDecoder().decode([ApprovalStepSpec].self, from: Data(row.steps.utf8))) ?? [],
            note: row.note, createdBy: row.createdBy, createdAt: row.createdAt)
    }

    /// Sets a new version of a chain (the security office, principle 9); an empty list returns to the national
    /// default. Audited with the steps; each step needs a title and an approver, and a relation or person must be
    /// one the engine can resolve.
    @discardableResult
    public func set(
        _ kind: RequestKind, level: LevelID?, steps: [ApprovalStepSpec], note: String, by actor: AuditActor,
        roles: Set<Role>, on database: any Database
    ) async throws -> Version {
        try await store.perform(
            on: database, by: actor, .chainSet,
            subject: AuditSubject(type: "chain", id: "\(kind.rawValue)/\(level?.rawValue ?? "*")", label: kind.title.zh)
        ) { transaction, trail in
            guard roles.contains(.securityOffice) else {
                throw Refusal(
                    rule: RuleID("T4"), zh: "审批流程由保密办配置", en: "The security office configures approval chains")
            }
            for (index, step) in steps.enumerated() {
                if step.title.zh.trimmed.isEmpty {
                    throw DomainError.invalid(
                        field: "steps[\(index)].title", zh: "请写明第\(index + 1)步的名称", en: "Name step \(index + 1)")
                }
                for case .person(let id, _) in step.approvers + [step.escalation].compactMap({ $0 })
                where try await PersonModel.find(id, on: transaction) == nil {
                    throw DomainError.invalid(
                        field: "steps[\(index)]", zh: "第\(index + 1)步所列人员不存在",
                        en: "Step \(index + 1) names nobody known")
                }
            }
            let last = try await ChainVersionModel.query(on: transaction).filter(\.$kind == kind.rawValue)
                .filter(\.$level == (level?.rawValue ?? "")).sort(\.$number, .descending).first()
            let row = ChainVersionModel()
            row.kind = kind.rawValue
            row.level = level?.rawValue ?? ""
            row.number = (last?.number ?? 1) + 1
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            row.steps = String(decoding: try encoder.encode(steps), as: UTF8.self)
            row.note = String(note.trimmed.prefix(500))
            row.createdBy = actor.name
            row.createdAt = clock()
            try await row.create(on: transaction)
            let version = Self.version(row)
            trail.subject = AuditSubject(type: "chain", id: version.label, label: kind.title.zh)
            trail.note("version", version.label)
            trail.note("steps", row.steps)
            trail.note("note", row.note)
            return version
        }
    }
}
