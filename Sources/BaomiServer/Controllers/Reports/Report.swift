import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// The standard ledgers (台账) of LEDGERS.md as reports: each one printable and exportable for Excel, built from
/// the same queries as the ledger and register pages.
enum Report: String, CaseIterable, Sendable {
    case carrierLedger
    case copyLedger
    case incoming
    case outgoing
    case borrowing
    case destruction
    case secretPostPersonnel
    case findings

    var title: LocalizedText {
        switch self {
        case .carrierLedger: LocalizedText(zh: "涉密载体台账", en: "Carrier ledger")
        case .copyLedger: LocalizedText(zh: "涉密载体份号台账", en: "Copy ledger")
        case .incoming, .outgoing, .borrowing, .destruction: register?.title ?? LocalizedText(zh: "", en: "")
        case .secretPostPersonnel: LocalizedText(zh: "涉密人员台账", en: "Secret-post personnel")
        case .findings: LocalizedText(zh: "合规提醒清单", en: "Open compliance findings")
        }
    }

    /// The rules the ledger keeps the record of.
    var rules: String {
        switch self {
        case .carrierLedger: "C1, C6"
        case .copyLedger: "C1.2, C6"
        case .incoming, .outgoing: "C2"
        case .borrowing: "A6, L1.9"
        case .destruction: "C8"
        case .secretPostPersonnel: "A2, A7"
        case .findings: "REMIND"
        }
    }

    var summary: LocalizedText {
        switch self {
        case .carrierLedger: LocalizedText(zh: "按登记年份、部门、密级", en: "By year registered, department, level")
        case .copyLedger: LocalizedText(zh: "每一份的状态与去向", en: "Each copy's state and whereabouts")
        case .incoming: LocalizedText(zh: "收文清点、登记、签收", en: "Received, counted and signed for")
        case .outgoing: LocalizedText(zh: "发文与分发签收", en: "Sent and signed for")
        case .borrowing: LocalizedText(zh: "借阅、外带与归还", en: "Borrowed, carried out and returned")
        case .destruction: LocalizedText(zh: "销毁批准与监销", en: "Destruction, approval and supervision")
        case .secretPostPersonnel: LocalizedText(zh: "涉密岗位人员与脱密期", en: "People in secret posts and 脱密期")
        case .findings: LocalizedText(zh: "未关闭的合规提醒，按规则", en: "Open findings, by rule")
        }
    }

    /// The register behind this report, when it is one of the 登记簿.
    var register: Register? {
        switch self {
        case .incoming: .incoming
        case .outgoing: .outgoing
        case .borrowing: .borrowing
        case .destruction: .destruction
        default: nil
        }
    }

    /// Which filters mean something for this report.
    var takesYear: Bool { ![.copyLedger, .secretPostPersonnel, .findings].contains(self) }
    var takesLevel: Bool { ![.secretPostPersonnel, .findings].contains(self) }
    /// Ledgers of carriers carry their levels; the others are marked with the lowest work level.
    var listsCarriers: Bool { ![.secretPostPersonnel, .findings].contains(self) }
    /// Wide ledgers print landscape.
    var isWide: Bool { ![.secretPostPersonnel].contains(self) }

    init(name: String) throws {
        guard let report = Report(rawValue: name) else {
            throw DomainError.notFound(zh: "没有这个报表：\(name.prefix(40))", en: "No such report: \(name.prefix(40))")
        }
        self = report
    }
}

/// Year, department and level, from the query string; a bad year or department is refused with the field named.
struct ReportFilters: Sendable, Hashable {
    var year: Int?
    var department: UUID?
    var level: String?

    init(year: Int? = nil, department: UUID? = nil, level: String? = nil) {
        self.year = year
        self.department = department
        self.level = level
    }

    /// For links: the filters as a query string, with a leading `?`, or empty.
    var query: String {
        var items: [String] = []
        if let year { items.append("year=\(year)") }
        if let department { items.append("department=\(department.uuidString.lowercased())") }
        if let level {
            items.append("level=\(level.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }
}

/// Who is looking at a report: the departments whose records they see (nil: all) and their clearance (A2). The
/// security office and leaders see every department within their clearance; a secrecy officer their department's
/// (T5.2). Carriers above the clearance are absent from every report, as from the ledgers (A2).
struct ReportScope: Sendable {
    var departments: Set<UUID>?
    var clearance: CarrierLedgerQuery.Viewer
    var personID: UUID?
    var roles: Set<Role>
    /// The reader as the access decision sees them; nil for Baomi itself on the command line (no `--as`).
    var subject: AccessSubject?

    init(
        roles: Set<Role>, personID: UUID?, stewardDepartments: Set<UUID>?, clearance: CarrierLedgerQuery.Viewer,
        subject: AccessSubject?
    ) {
        self.roles = roles
        self.personID = personID
        self.subject = subject
        let oversees = roles.contains(.securityOffice) || roles.contains(.leader)
        departments = oversees ? nil : (stewardDepartments ?? [])
        // The carriers of a report are those the access decision lets the reader read, as in the ledger (A2, A3,
        // principle 11): a leader oversees every department's figures, but reads only carriers in their scope.
        self.clearance = clearance
    }

    /// The annual report is the security office's and the leaders' (I2).
    var mayReadSelfInspection: Bool { roles.contains(.securityOffice) || roles.contains(.leader) }

    var findingViewer: FindingViewer { FindingViewer(personID: personID, departments: departments) }

    /// The departments a filtered report reads: the filter within what the viewer may see.
    func departments(filteredBy department: UUID?) -> Set<UUID>? {
        guard let department else { return departments }
        return departments.map { $0.intersection([department]) } ?? [department]
    }
}

extension Request {
    func reportScope(_ viewer: Viewer) async throws -> ReportScope {
        ReportScope(
            roles: viewer.roles, personID: viewer.account.$person.id,
            stewardDepartments: try await carrierDepartments(viewer), clearance: try await ledgerViewer(viewer),
            subject: try await accessSubject(viewer))
    }
}

/// A report's rows as text, ready for a print view, CSV or JSON.
struct ReportTable: Sendable {
    var report: Report
    var headers: [String]
    var rows: [[String]]
    /// The level ids present, for the marking (UI.md print view).
    var levels: [String]
    /// More rows matched than `limit`; the rest are in the CSV or `baomi report`.
    var truncated: Bool
    var limit: Int
    /// Rows already handed to the builder's `emit` instead of kept in `rows`.
    var streamed = 0

    var count: Int { streamed + rows.count }
}

/// Builds a report's rows for one viewer. `request` is a real request, or one the command line makes to reach the
/// same services.
struct ReportBuilder {
    static let printLimit = 2_000
    static let exportLimit = 50_000

    let request: Request
    let context: PageContext
    let scope: ReportScope
    let filters: ReportFilters
    let catalogue: LevelCatalogue
    let limit: Int
    /// When set, rows go here a page at a time (with the headers) instead of into the table: the command line
    /// writes a ledger of any size without holding it.
    var emit: (([String], [[String]]) throws -> Void)?

    private var database: any Database { request.db }

    func level(_ raw: String) -> String {
        catalogue.definition(LevelID(rawValue: raw)).map { context.t($0.name) } ?? raw
    }

    func day(_ date: Date?) -> String {
        date.map { String(DisplayTime.format($0).prefix(10)) } ?? ""
    }

    func table(_ report: Report) async throws -> ReportTable {
        var table = ReportTable(report: report, headers: [], rows: [], levels: [], truncated: false, limit: limit)
        switch report {
        case .carrierLedger: try await carrierLedger(&table)
        case .copyLedger: try await copyLedger(&table)
        case .incoming, .outgoing, .borrowing, .destruction: try await register(report, &table)
        case .secretPostPersonnel: try await personnel(&table)
        case .findings: try await findings(&table)
        }
        if table.rows.count > limit {
            table.rows.removeLast(table.rows.count - limit)
            table.truncated = true
        }
        if let emit, !table.rows.isEmpty {
            try emit(table.headers, table.rows)
            table.streamed += table.rows.count
            table.rows = []
        }
        return table
    }

    /// Keeps a page of rows, or hands it to `emit`.
    private func take(_ page: [[String]], into table: inout ReportTable) throws {
        if let emit {
            try emit(table.headers, page)
            table.streamed += page.count
        } else {
            table.rows += page
        }
    }

    private func ledgerQuery() -> CarrierLedgerQuery {
        var query = CarrierLedgerQuery()
        query.viewer = scope.clearance
        query.departments = scope.departments(filteredBy: filters.department)
        if let level = filters.level { query.levels = [level] }
        query.offset = 0
        query.limit = 500
        return query
    }

    /// 涉密载体台账 (LEDGERS.md): the ledger page's own table (`CarrierLedgerTable`), page by page.
    private func carrierLedger(_ table: inout ReportTable) async throws {
        var query = ledgerQuery()
        if let year = filters.year {
            query.from = "\(year)-01-01"
            query.until = "\(year)-12-31"
        }
        var ledger = CarrierLedgerTable(
            query: query, catalogue: catalogue, language: context.language, importColumns: false)
        table.headers = ledger.headers
        var levels: Set<String> = []
        while table.rows.count <= limit {
            let (rows, _) = try await ledger.page(on: database)
            levels.formUnion(rows.map(\.carrier.level))
            try take(rows.enumerated().map { ledger.cells($1, index: table.count + $0 + 1) }, into: &table)
            if rows.count < ledger.query.limit { break }
            ledger.query.offset += ledger.query.limit
        }
        table.levels = Array(levels)
    }

    /// 涉密载体份号台账 (LEDGERS.md): every copy the viewer may see, newest change first, as the ledger page lists it.
    private func copyLedger(_ table: inout ReportTable) async throws {
        let ledger = CopyLedgerTable(query: ledgerQuery(), catalogue: catalogue, language: context.language)
        table.headers = ledger.headers
        var query = ledger.query
        var levels: Set<String> = []
        while table.rows.count <= limit {
            let (rows, _) = try await query.copies(on: database)
            levels.formUnion(rows.map(\.level))
            try take(rows.enumerated().map { ledger.cells($1, index: table.count + $0 + 1) }, into: &table)
            if rows.count < query.limit { break }
            query.offset += query.limit
        }
        table.levels = Array(levels)
    }

    /// The 登记簿 as the register pages build them, narrowed to the year and level asked for.
    private func register(_ report: Report, _ table: inout ReportTable) async throws {
        guard let register = report.register else { return }
        let builder = RegisterBuilder(
            request: request, context: context, catalogue: catalogue,
            departments: scope.departments(filteredBy: filters.department), clearance: scope.clearance)
        let (levelColumn, dateColumn) =
            switch register {
            case .incoming: (5, 1)
            case .outgoing: (4, 1)
            default: (3, 8)
            }
        let levelIDs = Dictionary(
            catalogue.levels.map { (context.t($0.name), $0.id.rawValue) }, uniquingKeysWith: { first, _ in first })
        let wanted = filters.level.map(level)
        let rows = try await builder.rows(register).filter { row in
            (filters.year.map { row[dateColumn].hasPrefix("\($0)-") } ?? true)
                && (wanted.map { row[levelColumn] == $0 } ?? true)
        }
        table.headers = register.headers.map { context.t($0) }
        table.rows = rows.enumerated().map { index, row in [String(index + 1)] + row.dropFirst() }
        table.levels = Array(Set(rows.compactMap { levelIDs[$0[levelColumn]] }))
    }

    /// 涉密人员台账 (LEDGERS.md, A2, A7): people in secret posts and in 脱密期.
    private func personnel(_ table: inout ReportTable) async throws {
        // LEDGERS.md's columns in its order, with the employee number and the two training checks beside them.
        table.headers = [
            context.t("序号", "No."), context.t("姓名", "Name"), context.t("工号", "Employee no."),
            context.t("部门", "Department"), context.t("岗位", "Post"), context.t("涉密等级", "Secret post"),
            context.t("确定日期", "Since"), context.t("保密承诺书签订日期", "Commitment signed"),
            context.t("最近培训日期", "Last trained"), context.t("上岗前培训有效", "Pre-post training current"),
            context.t("年度复训有效", "Refresher current"), context.t("出境证件管理", "Travel documents"),
            context.t("复审日期", "Last re-review"), context.t("状态", "State"), context.t("脱密期止", "脱密期 ends"),
        ]
        let policy = try await request.baomi.settings.trainingPolicy(on: database)
        let entries = try await SecretPostPersonnel(
            departments: scope.departments(filteredBy: filters.department),
            today: ClearanceRepository.today(request.baomi.clock()), limit: limit + 1,
            prePostValidityMonths: policy.prePostValidityMonths
        ).entries(on: database)
        func yes(_ value: Bool) -> String { value ? context.t("是", "yes") : context.t("否", "no") }
        table.rows = entries.enumerated().map { index, entry in
            [
                String(index + 1), entry.name, entry.employeeNumber, entry.departmentName, entry.post,
                context.t(entry.postClass.title), day(entry.since), entry.commitmentSignedOn ?? "",
                entry.training.lastTrained ?? "", yes(entry.training.prePostCurrent),
                yes(entry.training.refresherCurrent),
                entry.travelDocuments.map { context.t($0.title) } ?? context.t("无", "none"),
                entry.lastReviewedOn ?? "",
                entry.inSeparationPeriod ? context.t("脱密期", "In 脱密期") : context.t(entry.status.title),
                entry.separationUntil ?? "",
            ]
        }
    }

    /// Open findings per rule (REMIND), as the viewer's finding list shows them: a carrier the reader may not read
    /// named by its reference (A2, principle 11).
    private func findings(_ table: inout ReportTable) async throws {
        table.headers = [
            context.t("序号", "No."), context.t("规则", "Rule"), context.t("检查项", "Check"), context.t("严重程度", "Severity"),
            context.t("事项", "Subject"), context.t("说明", "Explanation"), context.t("责任部门", "Department"),
            context.t("责任人", "Person"), context.t("期限", "Due"), context.t("发现日期", "Found"),
        ]
        var query = FindingQuery()
        query.viewer = scope.findingViewer
        query.department = filters.department
        query.limit = 500
        var found: [VisibleFinding] = []
        let postClasses = try await request.baomi.settings.postClasses(on: database)
        while found.count <= limit {
            let (rows, _) = try await query.run(on: database)
            if let subject = scope.subject {
                found += try await VisibleFinding.visible(
                    rows, for: subject, levels: catalogue, postClasses: postClasses, on: database)
            } else {
                found += VisibleFinding.visible(
                    rows, sights: .system(levels: catalogue, postClasses: postClasses), links: [:])
            }
            if rows.count < query.limit { break }
            query.offset += query.limit
        }
        let order = ComplianceCheck.allCases.map(\.rawValue)
        found.sort { lhs, rhs in
            if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
            if lhs.check != rhs.check {
                return (order.firstIndex(of: lhs.check) ?? 99) < (order.firstIndex(of: rhs.check) ?? 99)
            }
            let left = FindingSeverity(rawValue: lhs.severity) ?? .notice
            let right = FindingSeverity(rawValue: rhs.severity) ?? .notice
            if left != right { return left > right }
            return (lhs.due ?? "9999") < (rhs.due ?? "9999")
        }
        let people = Dictionary(
            uniqueKeysWithValues: try await PersonModel.query(on: database).filter(
                \.$id ~~ found.compactMap(\.personID)
            )
            .all().compactMap { person in person.id.map { ($0, person.name) } })
        let units = Dictionary(
            uniqueKeysWithValues: try await OrgUnitModel.query(on: database)
                .filter(\.$id ~~ found.compactMap(\.departmentID)).all().compactMap { unit in
                    unit.id.map { ($0, unit.name) }
                })
        table.rows = found.enumerated().map { index, finding in
            let check = ComplianceCheck(rawValue: finding.check)
            return [
                String(index + 1), finding.rule, check.map { context.t($0.title) } ?? finding.check,
                FindingSeverity(rawValue: finding.severity).map { context.t($0.title) } ?? finding.severity,
                context.t(finding.subject), context.t(finding.explanation),
                finding.departmentID.flatMap { units[$0] } ?? context.t("保密办", "Security office"),
                finding.personID.flatMap { people[$0] } ?? "", finding.due ?? "", day(finding.openedAt),
            ]
        }
    }
}
