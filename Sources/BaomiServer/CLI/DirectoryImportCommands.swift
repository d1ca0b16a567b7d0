import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// `baomi import org|people|places`: an institute moving in, by codes, through the same repositories, rules and audit
/// trail as the pages. Each file is imported by the administrator whose part it is (S1) — named with `--as`, since
/// Baomi itself holds no administrator's part — and all or nothing (S4): every problem of every row is reported and
/// nothing is written until the whole file passes.
public enum DirectoryImportCommands {
    public enum Kind: String, Sendable, CaseIterable {
        case org, people, places
    }

    public struct Report: Sendable {
        public var actorName = ""
        /// What the run did: 组织机构, 人员, 涉密岗位 or 存放位置.
        public var part = LocalizedText(zh: "", en: "")
        public var rows = 0
        public var blankRows = 0
        public var ignoredColumns: [String] = []
        public var problems: [ImportProblem] = []
        public var registered = 0
        /// Nothing was written because a row failed its checks.
        public var refused: Bool { !problems.isEmpty }
        public var badRows: Int { Set(problems.map(\.row)).count }
    }

    /// A checked file ready to write, whatever its kind.
    private struct Checked {
        var rows: Int
        var blankRows: Int
        var ignoredColumns: [String] = []
        var problems: [ImportProblem]
        var write: @Sendable (AuditActor, Store, any Database) async throws -> Int
    }

    public static func importFile(
        _ kind: Kind, file: URL, as username: String, dryRun: Bool = false, configuration: BaomiConfiguration
    ) async throws -> Report {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: file))
        } catch {
            throw CommandLineFailure(
                zh: "无法读取文件 \(file.path)：\(error.localizedDescription)",
                en: "Cannot read \(file.path): \(error.localizedDescription)")
        }
        return try await CommandLineSession.run(configuration) { session in
            let (capability, part) = try await whoseFile(kind, username: username, session: session)
            let acting = try await session.acting(as: username, needs: capability)
            var report = Report(actorName: acting.actor.name, part: part)
            let fileName = file.lastPathComponent
            var details = [
                "kind": kind.rawValue, "part": part.zh, "file": fileName,
                "sha256": CarrierImport.fingerprint(of: bytes),
            ]
            let store = session.services.store
            /// A refused file leaves one refusal record and nothing else (DESIGN principle 2).
            func refuse(rule: RuleID?, reason: String) async throws {
                guard !dryRun else { return }
                details["reason"] = reason
                try await store.record(
                    [
                        AuditEvent(
                            action: .directoryImport, subject: AuditSubject(type: "file", label: fileName),
                            outcome: .refused, rule: rule, details: details)
                    ], by: acting.actor, on: session.database)
            }
            let checked: Checked
            do {
                checked = try await check(
                    kind, table: try CSVTable.parse(bytes), capability: capability, fileName: fileName,
                    session: session)
            } catch let error as CSVTable.SyntaxError {
                try await refuse(rule: .s4, reason: error.description)
                throw CommandLineFailure(
                    zh: "CSV 格式错误，第 \(error.line) 行：\(error.message.zh)",
                    en: "Not valid CSV, line \(error.line): \(error.message.en)", rule: .s4)
            } catch let error as ImportFileError {
                try await refuse(rule: error.rule, reason: error.description)
                throw CommandLineFailure(zh: error.message.zh, en: error.message.en, rule: error.rule)
            }
            report.rows = checked.rows
            report.blankRows = checked.blankRows
            report.ignoredColumns = checked.ignoredColumns
            report.problems = checked.problems
            details["rows"] = String(checked.rows)
            if dryRun { return report }
            if let first = checked.problems.first {
                details["badRows"] = String(report.badRows)
                try await refuse(rule: first.rule, reason: first.description)
                return report
            }
            // One transaction holds every row's own audit record and the summary (S4).
            let summary = details
            report.registered = try await store.write(on: session.database) { transaction in
                let registered = try await checked.write(acting.actor, store, transaction)
                var details = summary
                details["registered"] = String(registered)
                try await store.record(
                    [
                        AuditEvent(
                            action: .directoryImport, subject: AuditSubject(type: "file", label: fileName),
                            details: details)
                    ], by: acting.actor, on: transaction)
                return registered
            }
            return report
        }
    }

    /// The capability a file of `kind` needs from the named account: org and places have one holder each; a people
    /// file is the system administrator's people or the security administrator's secret posts, by who imports it.
    private static func whoseFile(
        _ kind: Kind, username: String, session: CommandLineSession
    ) async throws -> (Capability, LocalizedText) {
        switch kind {
        case .org: return (.manageOrganisation, LocalizedText(zh: "组织机构", en: "org units"))
        case .places: return (.manageStoragePlaces, LocalizedText(zh: "存放位置", en: "storage places"))
        case .people:
            let roles = try await session.services.accounts.find(username: username, on: session.database)?.roles ?? []
            return AccessPolicy.allows(roles: roles, .manageClearances)
                ? (.manageClearances, LocalizedText(zh: "涉密岗位", en: "secret posts"))
                : (.manageOrganisation, LocalizedText(zh: "人员", en: "people"))
        }
    }

    private static func check(
        _ kind: Kind, table: CSVTable, capability: Capability, fileName: String, session: CommandLineSession
    ) async throws -> Checked {
        let directory = try await ExchangeDirectory.load(on: session.database)
        switch kind {
        case .org:
            let importer = OrganisationImport(existing: directory.units)
            let plan = try importer.plan(table)
            return Checked(
                rows: plan.rowCount, blankRows: plan.blankRows, problems: plan.problems,
                write: { try await importer.register(plan, by: $0, store: $1, on: $2) })
        case .people:
            let importer = PeopleImport(
                part: capability == .manageClearances ? .posts : .people, directory: directory, fileName: fileName)
            var checked = try importer.plan(table)
            if importer.part == .posts {
                try await importer.checkTraining(
                    &checked, store: session.services.store,
                    today: ClearanceRepository.today(session.services.clock()), on: session.database)
            }
            let plan = checked
            return Checked(
                rows: plan.rowCount, blankRows: plan.blankRows, ignoredColumns: plan.ignoredColumns,
                problems: plan.problems, write: { try await importer.register(plan, by: $0, store: $1, on: $2) })
        case .places:
            let importer = PlacesImport(
                catalogue: try await session.services.settings.levelCatalogue(on: session.database),
                directory: directory)
            let plan = try importer.plan(table)
            return Checked(
                rows: plan.rowCount, blankRows: plan.blankRows, problems: plan.problems,
                write: { try await importer.register(plan, by: $0, store: $1, on: $2) })
        }
    }
}
