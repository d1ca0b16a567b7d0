import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// `baomi report`: the reports of the 报表 page as CSV files, and the self-inspection figures as text (LEDGERS.md,
/// I2) — built by the same code as the pages, for the account named with `--as` and within its clearance (A2).
public enum ReportCommands {
    public struct Options: Sendable {
        public var name: String
        public var year: String?
        public var level: String?
        /// An org unit's code (编码).
        public var departmentCode: String?
        public var username: String?

        public init(name: String, year: String?, level: String?, departmentCode: String?, username: String?) {
            self.name = name
            self.year = year
            self.level = level
            self.departmentCode = departmentCode
            self.username = username
        }
    }

    /// The report names `baomi report` takes.
    public static var names: [String] { Report.allCases.map(\.rawValue) + ["self-inspection"] }

    /// Writes a report as CSV (UTF-8 with BOM, Chinese headers) to `output`, or standard output when nil, a page at
    /// a time — or as an Excel workbook when `output` ends in `.xlsx`; returns the number of rows. Audited like every
    /// ledger export (A5).
    public static func export(
        _ options: Options, to output: URL?, configuration: BaomiConfiguration
    ) async throws -> Int {
        guard let report = Report(rawValue: options.name) else {
            throw CommandLineFailure(
                zh: "没有这个报表：\(options.name)（可用：\(names.joined(separator: "、"))）",
                en: "No such report: \(options.name) (one of \(names.joined(separator: ", ")))")
        }
        return try await CommandLineSession.run(configuration) { session in
            let (request, scope, filters, actor) = try await prepare(options, session: session)
            let rows = try await CSVOutput.write(to: output) { handle in
                if output?.pathExtension.lowercased() == "xlsx" {
                    let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
                    let table = try await ReportBuilder(
                        request: request, context: PageContext(request), scope: scope, filters: filters,
                        catalogue: catalogue, limit: 1_048_575
                    ).table(report)
                    let workbook = XLSXWorkbook(
                        sheetName: report.title.zh, headers: table.headers, rows: table.rows,
                        marking: ReportsController.marking(
                            report.listsCarriers ? table.levels : [], catalogue: catalogue,
                            context: PageContext(request)))
                    try handle.write(contentsOf: try workbook.data())
                    return table.count
                }
                var wroteHeaders = false
                var builder = ReportBuilder(
                    request: request, context: PageContext(request), scope: scope, filters: filters,
                    catalogue: try await request.baomi.settings.levelCatalogue(on: request.db), limit: Int.max - 1)
                builder.emit = { headers, rows in
                    var text = ""
                    if !wroteHeaders {
                        text = CSVWriter.record(headers)
                        wroteHeaders = true
                    }
                    text += rows.map(CSVWriter.record).joined()
                    try handle.write(contentsOf: Data(text.utf8))
                }
                try handle.write(contentsOf: Data(CSVTable.byteOrderMark))
                let table = try await builder.table(report)
                if !wroteHeaders { try handle.write(contentsOf: Data(CSVWriter.record(table.headers).utf8)) }
                return table.count
            }
            try await session.services.store.record(
                [
                    AuditEvent(
                        action: .ledgerExport, subject: AuditSubject(type: "report", id: report.rawValue),
                        details: [
                            "rows": String(rows), "via": "command line", "file": output?.lastPathComponent ?? "-",
                        ])
                ], by: actor, on: session.database)
            return rows
        }
    }

    /// The self-inspection figures of a year as a text summary (I2), for the security office and leaders.
    public static func selfInspection(_ options: Options, configuration: BaomiConfiguration) async throws -> String {
        try await CommandLineSession.run(configuration) { session in
            let (request, scope, filters, _) = try await prepare(options, session: session)
            if options.username != nil && !scope.mayReadSelfInspection {
                throw CommandLineFailure(
                    zh: "保密自查报告仅供保密办和主管领导查看", en: "The self-inspection report is for the security office and leaders",
                    rule: .s1)
            }
            let today = ClearanceRepository.today(session.services.clock())
            let figures = try await SelfInspectionQuery(
                year: filters.year ?? Int(today.prefix(4)) ?? 2026, viewer: scope.clearance,
                departments: scope.departments, today: today
            ).run(on: session.database)
            let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
            return summary(
                figures, catalogue: catalogue, organisation: try await ReportsController.organisationName(request))
        }
    }

    static func summary(_ figures: SelfInspectionFigures, catalogue: LevelCatalogue, organisation: String) -> String {
        func level(_ raw: String) -> String { catalogue.definition(LevelID(rawValue: raw))?.name.zh ?? raw }
        let levels = figures.carriersByLevel.map { "\(level($0.level)) \($0.count)" }.joined(separator: "、")
        let classes = SecretPostClass.descending.filter { $0 != .nonSecret }.map { postClass in
            "\(postClass.title.zh) \(figures.peopleByClass.first { $0.postClass == postClass.rawValue }?.count ?? 0)"
        }.joined(separator: "、")
        var lines = [
            "保密自查报告 / Self-inspection report \(figures.year)" + (organisation.isEmpty ? "" : " — \(organisation)"),
            "一、涉密载体 / Carriers (C1): 新登记 \(figures.carriersRegistered)" + (levels.isEmpty ? "" : "（\(levels)）")
                + "；制作与复制 \(figures.copiesMade)，收文 \(figures.copiesReceived)，发文 \(figures.copiesSent)，"
                + "销毁 \(figures.copiesDestroyed) 份",
            "二、借阅与外带 / Borrowing (A6, L1.9): \(figures.borrowings) 次，逾期 \(figures.borrowingsOverdue)，"
                + "目前逾期未还 \(figures.overdueNow)",
            "三、清查 / Inventories (C6): 完成 \(figures.inventoriesClosed) 次，应清点 \(figures.inventoryExpected) 份，"
                + "清点到 \(figures.inventoryFound) 份，覆盖率 \(figures.inventoryCoverage)%"
                + "（\(figures.liveCopiesInventoried)/\(figures.liveCopies)）",
            "四、涉密人员 / Secret posts (A2, A7): \(classes)；脱密期 \(figures.inSeparationPeriod)；"
                + "本年调离涉密岗位 \(figures.postsEnded)；离岗离职 \(figures.leavers)",
            "五、合规提醒 / Findings (REMIND): 本年新发现 \(figures.findingsOpened)，本年关闭 \(figures.findingsClosed)，"
                + "目前未关闭 \(figures.openFindings)",
        ]
        for entry in figures.openFindingsByRule {
            let title = ComplianceCheck(rawValue: entry.check)?.title.zh ?? entry.check
            lines.append("    \(entry.rule) \(title)：\(entry.count)（逾期 \(entry.overdue)）")
        }
        return lines.joined(separator: "\n")
    }

    /// The request the report code runs on, who is asking and the filters: an account (`--as`) is refused unless
    /// its roles grant reports (S1) and sees what its clearance covers (A2); without one, Baomi itself sees all.
    private static func prepare(
        _ options: Options, session: CommandLineSession
    ) async throws -> (Request, ReportScope, ReportFilters, AuditActor) {
        let acting = try await session.acting(as: options.username, needs: .viewReports)
        let request = Request(application: session.app, on: session.app.eventLoopGroup.next())
        let levels = try await request.baomi.settings.levelCatalogue(on: request.db)
        let scope: ReportScope
        if options.username == nil {
            var clearance = CarrierLedgerQuery.Viewer(
                subject: AccessSubject(
                    personID: nil, departmentID: nil, roles: [.securityOffice], postClass: .nonSecret,
                    clearance: .none),
                levels: levels)
            clearance.levels = levels.levels.map(\.id.rawValue)
            clearance.projects = Set(try await ProjectModel.query(on: session.database).all().compactMap(\.id))
            scope = ReportScope(
                roles: [.securityOffice], personID: nil, stewardDepartments: nil, clearance: clearance, subject: nil)
        } else {
            let subject = try await session.services.clearances.subject(
                personID: acting.personID, roles: acting.roles, levels: levels,
                postClasses: try await session.services.settings.postClasses(on: session.database),
                on: session.database)
            scope = ReportScope(
                roles: acting.roles, personID: acting.personID,
                stewardDepartments: CarrierStewardship.departments(
                    roles: acting.roles, viewerDepartment: acting.departmentID),
                clearance: CarrierLedgerQuery.Viewer(subject: subject, levels: levels), subject: subject)
        }
        var filters = ReportFilters()
        do {
            let today = ClearanceRepository.today(session.services.clock())
            filters.year = try ReportYear.parse(options.year, currentYear: Int(today.prefix(4)) ?? 2026)
        } catch {
            throw CommandLineFailure(
                zh: "年份须为四位数字：\(options.year ?? "")", en: "The year must be four digits: \(options.year ?? "")")
        }
        if let level = options.level {
            guard levels.definition(LevelID(rawValue: level)) != nil else {
                throw CommandLineFailure(
                    zh: "没有这个密级：\(level)（可用：\(levels.levels.map(\.id.rawValue).joined(separator: "、"))）",
                    en: "No such level: \(level)", rule: RuleID("A1"))
            }
            filters.level = level
        }
        if let code = options.departmentCode {
            guard
                let unit = try await OrgUnitModel.query(on: session.database).filter(\.$code == code).first(),
                let id = unit.id
            else {
                throw CommandLineFailure(zh: "没有编码为 \(code) 的部门", en: "No department has the code \(code)")
            }
            filters.department = id
        }
        return (request, scope, filters, acting.actor)
    }
}
