import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// `baomi import carriers` and `baomi export carriers`: the carrier ledger in and out as CSV (LEDGERS.md), through
/// the same register, rules and audit trail as the pages (C1, A5, S4).
public enum CarrierExchangeCommands {
    public struct ImportOptions: Sendable {
        public var file: URL
        /// The account the import acts as (`--as`); `system` when nil.
        public var username: String?
        /// Register the good rows and report the bad ones, instead of all or nothing.
        public var skipInvalid: Bool
        /// Check every row and write nothing.
        public var dryRun: Bool
        /// `--allow-duplicate-document-number REASON`: register rows whose 文号 is already registered or repeated
        /// in the file, with this reason in each one's audit record (C2).
        public var duplicateDocumentNumberReason: String?
        /// `--problems FILE`: where every problem is written; by default beside the input once there are more than
        /// fit on a screen.
        public var problemsFile: URL?

        public init(
            file: URL, username: String?, skipInvalid: Bool = false, dryRun: Bool = false,
            duplicateDocumentNumberReason: String? = nil, problemsFile: URL? = nil
        ) {
            self.file = file
            self.username = username
            self.skipInvalid = skipInvalid
            self.dryRun = dryRun
            self.duplicateDocumentNumberReason = duplicateDocumentNumberReason
            self.problemsFile = problemsFile
        }
    }

    /// How many problems a terminal shows; more go to a file (`ImportReport.problemsFile`).
    public static let problemsOnScreen = 20

    public struct ImportReport: Sendable {
        public var actorName = AuditActor.system.name
        /// Rows with something in them.
        public var rows = 0
        public var blankRows = 0
        public var ignoredColumns: [String] = []
        public var problems: [ImportProblem] = []
        public var checkSeconds = 0.0
        public var registered = 0
        public var copies = 0
        public var registerSeconds = 0.0
        /// The row at which registering stopped after others were registered, and why.
        public var stopped: (row: Int, reason: String)?
        /// Nothing was written because a row failed its checks (all or nothing).
        public var refused = false
        /// Where every problem was written, when there were more than fit on a screen or `--problems` asked.
        public var problemsFile: URL?

        public var rowsPerSecond: Double { registerSeconds > 0 ? Double(registered) / registerSeconds : 0 }
        /// Rows that failed their checks.
        public var badRows: Int { Set(problems.map(\.row)).count }
    }

    public static func importCarriers(
        _ options: ImportOptions, configuration: BaomiConfiguration,
        progress: @escaping @Sendable (_ done: Int, _ of: Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: options.file))
        } catch {
            throw CommandLineFailure(
                zh: "无法读取文件 \(options.file.path)：\(error.localizedDescription)",
                en: "Cannot read \(options.file.path): \(error.localizedDescription)")
        }
        return try await CommandLineSession.run(configuration) { session in
            let acting = try await session.acting(as: options.username, needs: .manageCarriers)
            var report = ImportReport(actorName: acting.actor.name)
            let fileName = options.file.lastPathComponent
            let sha256 = CarrierImport.fingerprint(of: bytes)
            var details = ["file": fileName, "sha256": sha256]
            if let reason = options.duplicateDocumentNumberReason { details["duplicateDocumentNumberReason"] = reason }
            /// A refused file leaves one refusal record and nothing else (DESIGN principle 2).
            func refuse(rule: RuleID?, reason: String) async throws {
                guard !options.dryRun else { return }
                details["reason"] = reason
                try await session.services.store.record(
                    [
                        AuditEvent(
                            action: .carrierImport, subject: AuditSubject(type: "file", label: fileName),
                            outcome: .refused, rule: rule, details: details)
                    ], by: acting.actor, on: session.database)
            }

            // The same file twice would register every carrier in it twice (C1): refused, naming the first import.
            if let first = try await CarrierImportLog.first(sha256: sha256, on: session.database) {
                try await refuse(rule: RuleID("C1"), reason: first.refusal.zh)
                throw CommandLineFailure(zh: first.refusal.zh, en: first.refusal.en, rule: RuleID("C1"))
            }

            let start = ContinuousClock.now
            let plan: CarrierImport.Plan
            do {
                let table = try CSVTable.parse(bytes)
                let levels = try await session.services.settings.levelCatalogue(on: session.database)
                let directory = try await ExchangeDirectory.load(on: session.database)
                // With --as, the account registers and is judged as on the page (A2, A4, T5.2) and holds the copies;
                // without it, the system registers: every rule about the carrier and the people it names applies,
                // and the copies are held by nobody until placed (`CarrierRegistration.Registrar.system`).
                let registrar: CarrierRegistration.Registrar =
                    options.username == nil
                    ? .system
                    : .account(
                        try await session.services.clearances.subject(
                            personID: acting.personID, roles: acting.roles, levels: levels,
                            postClasses: directory.postClasses, on: session.database))
                let importer = CarrierImport(
                    catalogue: levels, directory: directory, registrar: registrar,
                    duplicateDocumentNumberReason: options.duplicateDocumentNumberReason)
                plan = try importer.plan(table)
                report.checkSeconds = seconds(since: start)
                report.rows = plan.rowCount
                report.blankRows = plan.blankRows
                report.ignoredColumns = plan.ignoredColumns
                report.problems = plan.problems
                if plan.problems.count > problemsOnScreen || (options.problemsFile != nil && !plan.problems.isEmpty) {
                    report.problemsFile = try writeProblems(
                        plan.problems, to: options.problemsFile, beside: options.file)
                }
                if options.dryRun { return report }
                if !plan.problems.isEmpty && !options.skipInvalid {
                    report.refused = true
                    details["rows"] = String(plan.rowCount)
                    details["badRows"] = String(report.badRows)
                    let first = plan.problems[0]
                    try await refuse(rule: first.rule, reason: first.description)
                    return report
                }
                // All or nothing: one transaction holds every row and the summary record (S4); with
                // --skip-invalid each valid row commits on its own.
                var summary = details
                summary["rows"] = String(plan.rowCount)
                summary["skippedRows"] = String(report.badRows)
                let store = session.services.store
                let outcome = await importer.register(
                    plan, registrarPersonID: acting.personID, by: acting.actor, store: store, on: session.database,
                    atomically: !options.skipInvalid, progress: { progress($0, plan.rows.count) },
                    finish: { [summary] registered, copies, database in
                        var details = summary
                        details["registered"] = String(registered)
                        details["copies"] = String(copies)
                        try await CarrierImportLog.record(
                            CarrierImportLog.Entry(
                                sha256: sha256, fileName: fileName, actorName: acting.actor.name, importedAt: Date(),
                                rows: plan.rowCount), on: database)
                        try await store.record(
                            [
                                AuditEvent(
                                    action: .carrierImport, subject: AuditSubject(type: "file", label: fileName),
                                    details: details)
                            ], by: acting.actor, on: database)
                    })
                report.registered = outcome.registered
                report.copies = outcome.copies
                report.registerSeconds = outcome.seconds
                if let failure = outcome.failure {
                    report.stopped = (failure.row, describe(failure.error))
                    details["registered"] = String(outcome.registered)
                    // With --skip-invalid the rows registered before the stop stay: the file counts as imported (C1).
                    if options.skipInvalid && outcome.registered > 0 {
                        try await store.write(on: session.database) { database in
                            try await CarrierImportLog.record(
                                CarrierImportLog.Entry(
                                    sha256: sha256, fileName: fileName, actorName: acting.actor.name,
                                    importedAt: Date(), rows: plan.rowCount), on: database)
                        }
                    }
                    try await refuse(
                        rule: nil, reason: "第 \(failure.row) 行 / row \(failure.row): \(describe(failure.error))")
                }
            } catch let error as CSVTable.SyntaxError {
                try await refuse(rule: .s4, reason: error.description)
                throw CommandLineFailure(
                    zh: "CSV 格式错误，第 \(error.line) 行：\(error.message.zh)",
                    en: "Not valid CSV, line \(error.line): \(error.message.en)", rule: .s4)
            } catch let error as ImportFileError {
                try await refuse(rule: error.rule, reason: error.description)
                throw CommandLineFailure(zh: error.message.zh, en: error.message.en, rule: error.rule)
            }
            return report
        }
    }

    /// Writes the carrier ledger (UTF-8 with BOM; an Excel workbook when `output` ends in `.xlsx`) to `output`, or to
    /// standard output when nil; returns the row count.
    /// The export is an act like any other read of the register, so it is audited (A5).
    public static func exportCarriers(
        to output: URL?, as username: String?, configuration: BaomiConfiguration
    ) async throws -> Int {
        try await CommandLineSession.run(configuration) { session in
            let acting = try await session.acting(as: username, needs: .viewCarriers)
            // A department secrecy officer exports their own department's carriers only (T5.2).
            let departments =
                username == nil
                ? nil : CarrierStewardship.departments(roles: acting.roles, viewerDepartment: acting.departmentID)
            let levels = try await session.services.settings.levelCatalogue(on: session.database)
            var export = CarrierExport(catalogue: levels, departments: departments)
            if username != nil {
                // A person exports only what their clearance covers (A2).
                let subject = try await session.services.clearances.subject(
                    personID: acting.personID, roles: acting.roles, levels: levels,
                    postClasses: try await session.services.settings.postClasses(on: session.database),
                    on: session.database)
                export.clearance = CarrierLedgerQuery.Viewer(subject: subject, levels: levels)
            }
            let rows = try await CSVOutput.write(to: output) { handle in
                if output?.pathExtension.lowercased() == "xlsx" {
                    // A workbook is one zip archive: its rows are gathered first (Excel holds 1,048,576 of them).
                    var rows: [[String]] = []
                    try await export.rows(on: session.database) { rows += $0 }
                    let workbook = XLSXWorkbook(
                        sheetName: "涉密载体台账", headers: CarrierExport.headers, rows: rows,
                        marking: CSVOutput.marking(ofLevelNames: rows.map { $0[5] }, catalogue: levels))
                    try handle.write(contentsOf: try workbook.data())
                    return rows.count
                }
                try handle.write(
                    contentsOf: Data(CSVTable.byteOrderMark + Array(CSVWriter.record(CarrierExport.headers).utf8)))
                return try await export.rows(on: session.database) { batch in
                    try handle.write(contentsOf: Data(batch.map(CSVWriter.record).joined().utf8))
                }
            }
            try await session.services.store.record(
                [
                    AuditEvent(
                        action: .ledgerExport, subject: AuditSubject(type: "ledger", id: "carriers"),
                        details: [
                            "rows": String(rows), "via": "command line", "file": output?.lastPathComponent ?? "-",
                        ])
                ], by: acting.actor, on: session.database)
            return rows
        }
    }

    /// Writes every problem as CSV (UTF-8 with BOM, so a spreadsheet opens it beside the input): `--problems FILE`,
    /// else `<input>.problems.csv` beside the input, else — a folder that cannot be written — the temporary folder.
    static func writeProblems(_ problems: [ImportProblem], to file: URL?, beside input: URL) throws -> URL {
        var text = CSVWriter.record(["行", "列", "规则", "问题", "problem"])
        for problem in problems {
            text += CSVWriter.record([
                String(problem.row), problem.column, problem.rule?.description ?? "", problem.message.zh,
                problem.message.en,
            ])
        }
        let data = Data(CSVTable.byteOrderMark + Array(text.utf8))
        if let file {
            do {
                try data.write(to: file)
            } catch {
                throw CommandLineFailure(
                    zh: "无法写入问题清单 \(file.path)：\(error.localizedDescription)",
                    en: "Cannot write the problems to \(file.path): \(error.localizedDescription)")
            }
            return file
        }
        let beside = input.deletingLastPathComponent().appendingPathComponent(input.lastPathComponent + ".problems.csv")
        if (try? data.write(to: beside)) != nil { return beside }
        let fallback = FileManager.default.temporaryDirectory.appendingPathComponent(
            input.lastPathComponent + ".problems.csv")
        try data.write(to: fallback)
        return fallback
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// A registration error in both languages, with its rule.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let refusal as Refusal:
            return "\(refusal.reason.bilingual) (\(refusal.rule))"
        case DomainError.invalid(let errors):
            return errors.map { "\($0.field): \($0.message.bilingual)" + ($0.rule.map { " (\($0))" } ?? "") }
                .joined(separator: "; ")
        case DomainError.conflict(let message, let rule):
            return message.bilingual + (rule.map { " (\($0))" } ?? "")
        case DomainError.notFound(let message):
            return message.bilingual
        default:
            return String(describing: error)
        }
    }
}
