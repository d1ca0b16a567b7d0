import BaomiDomain
import FluentKit
import Foundation

/// The carrier ledger (涉密载体台账) as LEDGERS.md lays it out — UTF-8 with BOM, Chinese headers in the conventional
/// order, dates as YYYY-MM-DD — followed by the columns `CarrierImport` needs to register the same carriers again
/// (codes instead of names, the content category, the classifier), so that export and import round-trip.
public struct CarrierExport: Sendable {
    /// LEDGERS.md's columns for the carrier ledger, in its order.
    public static let ledgerHeaders = [
        "序号", "载体编号", "载体名称", "文号", "载体类别", "密级", "保密期限", "知悉范围", "份数", "来源", "制作或接收日期", "责任人",
        "存放位置", "状态", "备注",
    ]

    /// The columns after the ledger's: what an import needs that the ledger shows only by name or not at all.
    public static let importColumns: [CarrierColumn] = [
        .category, .copyingAllowed, .departmentCode, .scopeDepartmentCodes, .scopeEmployeeNumbers, .scopeProjectCodes,
        .projectCode, .classifierEmployeeNumber, .classificationBasis, .classifiedOn, .originatingAuthority,
    ]

    public static var headers: [String] { ledgerHeaders + importColumns.map(\.chineseHeader) }

    public let catalogue: LevelCatalogue
    /// Only these departments' carriers (a secrecy officer's own, T5.2); nil for all.
    public let departments: Set<UUID>?
    public let batchSize: Int

    /// The exporting person's clearance (A2): carriers above it are left out; nil for the `system` export.
    public var clearance: CarrierLedgerQuery.Viewer?

    public init(catalogue: LevelCatalogue, departments: Set<UUID>? = nil, batchSize: Int = 500) {
        self.catalogue = catalogue
        self.departments = departments
        self.batchSize = max(1, batchSize)
    }

    /// Hands the ledger's rows to `emit` a batch at a time, oldest carrier first, so a large register never sits in
    /// memory whole; returns the number of rows.
    @discardableResult
    public func rows(on database: any Database, _ emit: ([[String]]) throws -> Void) async throws -> Int {
        let names = try await Names.load(on: database)
        var written = 0
        while true {
            let query = CarrierModel.query(on: database).with(\.$scope)
            if let departments { query.filter(\.$department.$id ~~ departments) }
            if let clearance {
                query.filter(\.$level ~~ clearance.levels)
                query.group(.or) { either in
                    either.filter(\.$project.$id == nil).filter(\.$project.$id ~~ Array(clearance.projects))
                }
            }
            let carriers = try await query.sort(\.$createdAt).sort(\.$number).range(written..<(written + batchSize))
                .all()
            if carriers.isEmpty { break }
            let copies = try await CopyModel.query(on: database).filter(\.$carrier.$id ~~ carriers.compactMap(\.id))
                .with(\.$place).sort(\.$serial).all()
            let copiesByCarrier = Dictionary(grouping: copies) { $0.$carrier.id }
            try emit(
                carriers.enumerated().map { offset, carrier in
                    row(
                        carrier, index: written + offset + 1, copies: copiesByCarrier[carrier.id ?? UUID()] ?? [],
                        names: names)
                })
            written += carriers.count
            if carriers.count < batchSize { break }
        }
        return written
    }

    private func row(_ carrier: CarrierModel, index: Int, copies: [CopyModel], names: Names) -> [String] {
        let level = catalogue.definition(LevelID(rawValue: carrier.level))
        let period = (try? JSONDecoder().decode(SecrecyPeriod.self, from: Data(carrier.period.utf8))) ?? .unmarked
        let scope = carrier.scope
        func ids(_ kind: CarrierScopeModel.Kind) -> [UUID] {
            scope.filter { $0.kind == kind.rawValue }.map(\.refID)
        }
        // Sorted, so that the same scope always reads the same whatever order the database returns it in.
        let scopeNames =
            ids(.department).compactMap { names.units[$0]?.name }.sorted()
            + ids(.person).compactMap { names.people[$0]?.name }.sorted()
            + ids(.project).compactMap { names.projects[$0].map { "\($0.code) \($0.name)" } }.sorted()
        let places = copies.filter { $0.state == CopyState.stored.rawValue }.compactMap { $0.place?.name }
        let counts = Dictionary(grouping: copies, by: \.state).mapValues(\.count)
        let states = CopyState.allCases.compactMap { state in counts[state.rawValue].map { "\(state.title.zh) \($0)" } }
        let ledger = [
            String(index), carrier.number, carrier.title, carrier.documentNumber,
            CarrierForm(rawValue: carrier.form)?.title.zh ?? carrier.form,
            level?.name.zh ?? carrier.level, Self.periodText(period, regime: level?.regime),
            scopeNames.joined(separator: "、"),
            String(carrier.copyCount), CarrierSource(rawValue: carrier.source)?.title.zh ?? carrier.source,
            carrier.createdAt.map(Self.day) ?? "", carrier.registeredBy, unique(places).joined(separator: "、"),
            states.joined(separator: "、"), carrier.notes,
        ]
        let forImport = [
            CarrierCategory(rawValue: carrier.category)?.title.zh ?? carrier.category,
            carrier.copyingAllowed ? "是" : "否",
            names.units[carrier.$department.id]?.code ?? "",
            ids(.department).compactMap { names.units[$0]?.code }.sorted().joined(separator: ";"),
            ids(.person).compactMap { names.people[$0]?.employeeNumber }.sorted().joined(separator: ";"),
            ids(.project).compactMap { names.projects[$0]?.code }.sorted().joined(separator: ";"),
            carrier.$project.id.flatMap { names.projects[$0]?.code } ?? "",
            carrier.$classifier.id.flatMap { names.people[$0]?.employeeNumber } ?? "", carrier.classificationBasis,
            carrier.classifiedOn ?? "", carrier.originatingAuthority,
        ]
        return ledger + forImport
    }

    /// The period as a ledger prints it and `CarrierImport` reads it back: 20年, 2030-12-31前, 长期, 公布前, a
    /// condition, or 未标明 (which C9 reads as the level's maximum); nothing for a work secret, which has none.
    static func periodText(_ period: SecrecyPeriod, regime: Regime?) -> String {
        switch period {
        case .unmarked: regime == .work ? "" : "未标明"
        default: period.markingText(defaultYears: nil)
        }
    }

    /// `YYYY-MM-DD` in the organisation's time zone (DESIGN principle 10: stored in UTC, shown in Asia/Shanghai).
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return
            "\((parts.year ?? 0).zeroPadded(4))-\((parts.month ?? 0).zeroPadded(2))-\((parts.day ?? 0).zeroPadded(2))"
    }

    private func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// Names and codes of everything a scope or a carrier points at, loaded once per export.
    private struct Names {
        var units: [UUID: (name: String, code: String)] = [:]
        var people: [UUID: (name: String, employeeNumber: String)] = [:]
        var projects: [UUID: (name: String, code: String)] = [:]

        static func load(on database: any Database) async throws -> Names {
            var names = Names()
            for unit in try await OrgUnitModel.query(on: database).all() {
                names.units[try unit.requireID()] = (unit.name, unit.code)
            }
            for person in try await PersonModel.query(on: database).all() {
                names.people[try person.requireID()] = (person.name, person.employeeNumber)
            }
            for project in try await ProjectModel.query(on: database).all() {
                names.projects[try project.requireID()] = (project.name, project.code)
            }
            return names
        }
    }
}
