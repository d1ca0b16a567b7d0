import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The carrier ledger (涉密载体台账) as LEDGERS.md lays it out, built once for every surface that shows or writes it:
/// the ledger page and its print view, its CSV and xlsx downloads, the 报表 and `baomi export carriers`. The rows are
/// the ledger query's (`CarrierLedgerQuery`, the SQL twin of the access decision, principle 11), so each surface lists
/// exactly the carriers its viewer may see; then each page of rows is completed with what the columns mean:
///
/// - 载体类别 in the ledger's words (纸介质, 光介质, 电磁介质, 样品, 设备…);
/// - 责任人: the people responsible for the live copies now — the holder of a held copy, the custodian of the place
///   a stored copy is in — not the account that registered the carrier;
/// - 存放位置: the places the copies are kept in;
/// - 状态: how many copies are in each state, lost, dispatched and destroyed ones too.
///
/// With `importColumns` the codes `CarrierImport` reads follow the ledger's columns — departments, people and
/// projects by code, the exact form and category, and each copy's state, place or holder and date (各份状态) — so
/// an exported file imports again as it is and carries its copies across (C0).
public struct CarrierLedgerTable: Sendable {
    /// LEDGERS.md's columns, in its order.
    public static let ledgerHeaders: [LocalizedText] = [
        .init(zh: "序号", en: "No."), .init(zh: "载体编号", en: "Carrier no."), .init(zh: "载体名称", en: "Title"),
        .init(zh: "文号", en: "Document no."), .init(zh: "载体类别", en: "Kind"), .init(zh: "密级", en: "Level"),
        .init(zh: "保密期限", en: "Period"), .init(zh: "知悉范围", en: "Scope"), .init(zh: "份数", en: "Copies"),
        .init(zh: "来源", en: "Source"), .init(zh: "制作或接收日期", en: "Made or received"),
        .init(zh: "责任人", en: "Responsible"), .init(zh: "存放位置", en: "Places"), .init(zh: "状态", en: "States"),
        .init(zh: "备注", en: "Notes"),
    ]

    /// The columns after the ledger's: what an import needs that the ledger shows only by name or not at all.
    public static let importColumns: [CarrierColumn] = [
        .category, .form, .copyingAllowed, .departmentCode, .scopeDepartmentCodes, .scopeEmployeeNumbers,
        .scopeProjectCodes, .projectCode, .classifierEmployeeNumber, .classificationBasis, .classifiedOn,
        .originatingAuthority, .copyStates,
    ]

    public static func headers(language: Language, importColumns: Bool) -> [String] {
        ledgerHeaders.map { $0.text(in: language) }
            + (importColumns
                ? Self.importColumns.map { language == .en ? $0.englishHeader : $0.chineseHeader } : [])
    }

    /// One carrier of the ledger with what its columns need.
    public struct Row: Sendable {
        public var carrier: CarrierLedgerQuery.CarrierRow
        /// 知悉范围: departments, people and projects by name.
        public var scope: [String]
        public var responsible: [String]
        public var places: [String]
        /// Copies per state, in the state machine's order; only states that occur.
        public var states: [(state: CopyState, count: Int)]
        /// The codes of the import columns; nil unless asked for.
        public var codes: [String]?
    }

    public var query: CarrierLedgerQuery
    public var catalogue: LevelCatalogue
    public var language: Language
    public var importColumns: Bool
    public var batchSize = 500

    public init(query: CarrierLedgerQuery, catalogue: LevelCatalogue, language: Language, importColumns: Bool) {
        self.query = query
        self.catalogue = catalogue
        self.language = language
        self.importColumns = importColumns
    }

    public var headers: [String] { Self.headers(language: language, importColumns: importColumns) }

    /// One page of the ledger (the query's own offset and limit) and the count across all pages.
    public func page(on database: any Database) async throws -> (rows: [Row], total: Int) {
        let (carriers, total) = try await query.carriers(on: database)
        return (try await complete(carriers, on: database), total)
    }

    /// Every row up to `limit`, a batch at a time: for a print view, which needs each row's level for its marking.
    public func rows(on database: any Database, limit: Int) async throws -> [Row] {
        var query = query
        query.limit = batchSize
        query.offset = 0
        var rows: [Row] = []
        while rows.count < limit {
            let (carriers, _) = try await query.carriers(on: database)
            rows += try await complete(Array(carriers.prefix(limit - rows.count)), on: database)
            if carriers.count < query.limit { break }
            query.offset += query.limit
        }
        return rows
    }

    /// Hands every row, as text and numbered from 1, to `emit` a batch at a time, so a large ledger never sits in
    /// memory whole; stops after `limit` rows. Returns the number of rows.
    @discardableResult
    public func texts(
        on database: any Database, limit: Int = .max, _ emit: ([[String]]) throws -> Void
    ) async throws -> Int {
        var query = query
        query.limit = batchSize
        query.offset = 0
        var written = 0
        while written < limit {
            let (carriers, _) = try await query.carriers(on: database)
            let rows = try await complete(Array(carriers.prefix(limit - written)), on: database)
            try emit(rows.enumerated().map { cells($1, index: written + $0 + 1) })
            written += rows.count
            if carriers.count < query.limit { break }
            query.offset += query.limit
        }
        return written
    }

    /// A row's cells as text in the table's language: the ledger's columns, then the codes when asked for.
    public func cells(_ row: Row, index: Int) -> [String] {
        let carrier = row.carrier
        let level = catalogue.definition(LevelID(rawValue: carrier.level))
        func text(_ value: LocalizedText) -> String { value.text(in: language) }
        let separator = language == .en ? ", " : "、"
        let ledger = [
            String(index), carrier.number, carrier.title, carrier.documentNumber,
            CarrierForm(rawValue: carrier.form).map { text($0.ledgerWord) } ?? carrier.form,
            level.map { text($0.name) } ?? carrier.level,
            Self.periodText(carrier.period, level: level, language: language),
            row.scope.joined(separator: separator), String(carrier.copyCount),
            CarrierSource(rawValue: carrier.source).map { text($0.title) } ?? carrier.source,
            carrier.createdAt.map(ClearanceRepository.today) ?? "", row.responsible.joined(separator: separator),
            row.places.joined(separator: separator), Self.statesText(row.states, language: language),
            carrier.notes,
        ]
        return ledger + (importColumns ? row.codes ?? [] : [])
    }

    /// `在库 2、借出 1、丢失 1`: every state a copy is in, lost and destroyed ones too.
    public static func statesText(_ states: [(state: CopyState, count: Int)], language: Language) -> String {
        states.map { "\($0.state.title.text(in: language)) \($0.count)" }.joined(
            separator: language == .en ? ", " : "、")
    }

    /// The period as the ledger prints it and `CarrierImport` reads it back: 20年, 2030-12-31前, 长期, 公布前, a
    /// condition, or the level's maximum marked 未标明 (C9); nothing where the level has no period (内部).
    public static func periodText(_ json: String, level: LevelDefinition?, language: Language) -> String {
        let period = (try? JSONDecoder().decode(SecrecyPeriod.self, from: Data(json.utf8))) ?? .unmarked
        let en = language == .en
        switch period {
        case .years(let years): return en ? "\(years) years" : "\(years)年"
        case .until(let date): return en ? "until \(date)" : "\(date)前"
        case .condition(let text): return text
        case .longTerm: return en ? "long-term" : "长期"
        case .untilPublished: return en ? "until published" : "公布前"
        case .unmarked:
            guard let years = level?.maximumYears else { return "" }
            return en ? "\(years) years (unmarked)" : "\(years)年（未标明）"
        }
    }

    // MARK: Completing a page

    private func complete(_ carriers: [CarrierLedgerQuery.CarrierRow], on database: any Database) async throws -> [Row]
    {
        if carriers.isEmpty { return [] }
        let sql = try database.sql
        let ids = carriers.map(\.carrierID)
        let scope = try await sql.raw(
            "SELECT carrier_id, kind, ref_id FROM carrier_scope WHERE carrier_id IN (\(Self.list(ids)))"
        ).all().map {
            (
                carrier: try $0.decode(column: "carrier_id", as: UUID.self),
                kind: try $0.decode(column: "kind", as: String.self),
                ref: try $0.decode(column: "ref_id", as: UUID.self)
            )
        }
        let copies = try await sql.raw(
            """
            SELECT k.carrier_id, k.serial, k.state, k.counterpart, k.receiving_department_id, k.last_changed_at,
                k.holder_id, s.code AS place_code, s.name AS place_name, s.custodian_id
            FROM copies k LEFT JOIN storage_places s ON s.id = k.place_id
            WHERE k.carrier_id IN (\(Self.list(ids)))
            ORDER BY k.serial
            """
        ).all().map(CopyFacts.init)
        var facts: [UUID: CarrierFacts] = [:]
        if importColumns {
            for row in try await sql.raw(
                """
                SELECT id, category, copying_allowed, department_id, project_id, classifier_id, classification_basis,
                    classified_on, originating_authority
                FROM carriers WHERE id IN (\(Self.list(ids)))
                """
            ).all() {
                let fact = try CarrierFacts(row)
                facts[fact.id] = fact
            }
        }
        let personIDs = Set(
            scope.filter { $0.kind == CarrierScopeModel.Kind.person.rawValue }.map(\.ref)
                + copies.flatMap { [$0.holderID, $0.custodianID].compactMap { $0 } }
                + facts.values.compactMap(\.classifierID))
        let names = try await Names.load(people: personIDs, on: sql)

        let copiesByCarrier = Dictionary(grouping: copies, by: \.carrierID)
        let scopeByCarrier = Dictionary(grouping: scope, by: \.carrier)
        return carriers.map { carrier in
            let copies = copiesByCarrier[carrier.carrierID] ?? []
            let entries = scopeByCarrier[carrier.carrierID] ?? []
            func refs(_ kind: CarrierScopeModel.Kind) -> [UUID] {
                entries.filter { $0.kind == kind.rawValue }.map(\.ref)
            }
            let scopeNames =
                refs(.department).compactMap { names.units[$0]?.name }.sorted()
                + refs(.person).compactMap { names.people[$0]?.name }.sorted()
                + refs(.project).compactMap { names.projects[$0].map { "\($0.code) \($0.name)" } }.sorted()
            var responsible: [String] = []
            var places: [String] = []
            for copy in copies {
                if let place = copy.placeName, !places.contains(place) { places.append(place) }
                guard CopyState(rawValue: copy.state)?.isLive == true,
                    let person = (copy.holderID ?? copy.custodianID).flatMap({ names.people[$0]?.name }),
                    !responsible.contains(person)
                else { continue }
                responsible.append(person)
            }
            let counts = Dictionary(grouping: copies, by: \.state).mapValues(\.count)
            var row = Row(
                carrier: carrier, scope: scopeNames, responsible: responsible, places: places,
                states: CopyState.allCases.compactMap { state in counts[state.rawValue].map { (state, $0) } },
                codes: nil)
            if let fact = facts[carrier.carrierID] {
                row.codes = codes(carrier, fact, copies: copies, scope: refs, names: names)
            }
            return row
        }
    }

    private func codes(
        _ carrier: CarrierLedgerQuery.CarrierRow, _ fact: CarrierFacts, copies: [CopyFacts],
        scope: (CarrierScopeModel.Kind) -> [UUID], names: Names
    ) -> [String] {
        func text(_ value: LocalizedText) -> String { value.text(in: language) }
        let entries = copies.map { copy in
            let whereabouts = [
                copy.placeCode, copy.receivingDepartmentID.flatMap { names.units[$0]?.code }, copy.counterpart,
                copy.holderID.flatMap { names.people[$0]?.employeeNumber },
            ].compactMap { $0 }.filter { !$0.isEmpty }
            return CopyStateEntry(
                serial: copy.serial, state: CopyState(rawValue: copy.state) ?? .registered, whereabouts: whereabouts,
                since: ClearanceRepository.today(copy.lastChangedAt))
        }
        return [
            CarrierCategory(rawValue: fact.category).map { text($0.title) } ?? fact.category,
            CarrierForm(rawValue: carrier.form).map { text($0.title) } ?? carrier.form,
            fact.copyingAllowed ? text(.init(zh: "是", en: "yes")) : text(.init(zh: "否", en: "no")),
            names.units[fact.departmentID]?.code ?? "",
            scope(.department).compactMap { names.units[$0]?.code }.sorted().joined(separator: ";"),
            scope(.person).compactMap { names.people[$0]?.employeeNumber }.sorted().joined(separator: ";"),
            scope(.project).compactMap { names.projects[$0]?.code }.sorted().joined(separator: ";"),
            fact.projectID.flatMap { names.projects[$0]?.code } ?? "",
            fact.classifierID.flatMap { names.people[$0]?.employeeNumber } ?? "",
            fact.classificationBasis, fact.classifiedOn ?? "", fact.originatingAuthority,
            CopyStateList.text(entries, language: language),
        ]
    }

    private struct CopyFacts {
        var carrierID: UUID
        var serial: Int
        var state: String
        var counterpart: String
        var receivingDepartmentID: UUID?
        var lastChangedAt: Date
        var holderID: UUID?
        var placeCode: String?
        var placeName: String?
        var custodianID: UUID?

        init(_ row: any SQLRow) throws {
            carrierID = try row.decode(column: "carrier_id", as: UUID.self)
            serial = try row.decode(column: "serial", as: Int.self)
            state = try row.decode(column: "state", as: String.self)
            counterpart = try row.decode(column: "counterpart", as: String.self)
            receivingDepartmentID = try row.decode(column: "receiving_department_id", as: UUID?.self)
            lastChangedAt = try row.decode(column: "last_changed_at", as: Date.self)
            holderID = try row.decode(column: "holder_id", as: UUID?.self)
            placeCode = try row.decode(column: "place_code", as: String?.self)
            placeName = try row.decode(column: "place_name", as: String?.self)
            custodianID = try row.decode(column: "custodian_id", as: UUID?.self)
        }
    }

    private struct CarrierFacts {
        var id: UUID
        var category: String
        var copyingAllowed: Bool
        var departmentID: UUID
        var projectID: UUID?
        var classifierID: UUID?
        var classificationBasis: String
        var classifiedOn: String?
        var originatingAuthority: String

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: UUID.self)
            category = try row.decode(column: "category", as: String.self)
            copyingAllowed = try row.decode(column: "copying_allowed", as: Bool.self)
            departmentID = try row.decode(column: "department_id", as: UUID.self)
            projectID = try row.decode(column: "project_id", as: UUID?.self)
            classifierID = try row.decode(column: "classifier_id", as: UUID?.self)
            classificationBasis = try row.decode(column: "classification_basis", as: String.self)
            classifiedOn = try row.decode(column: "classified_on", as: String?.self)
            originatingAuthority = try row.decode(column: "originating_authority", as: String.self)
        }
    }

    /// Names and codes of what a page points at: every unit and project (few), and the people it names.
    private struct Names {
        var units: [UUID: (name: String, code: String)] = [:]
        var people: [UUID: (name: String, employeeNumber: String)] = [:]
        var projects: [UUID: (name: String, code: String)] = [:]

        static func load(people ids: Set<UUID>, on sql: any SQLDatabase) async throws -> Names {
            var names = Names()
            for row in try await sql.raw("SELECT id, name, code FROM org_units").all() {
                names.units[try row.decode(column: "id", as: UUID.self)] = (
                    try row.decode(column: "name", as: String.self), try row.decode(column: "code", as: String.self)
                )
            }
            for row in try await sql.raw("SELECT id, name, code FROM projects").all() {
                names.projects[try row.decode(column: "id", as: UUID.self)] = (
                    try row.decode(column: "name", as: String.self), try row.decode(column: "code", as: String.self)
                )
            }
            if !ids.isEmpty {
                let sorted = ids.sorted { $0.uuidString < $1.uuidString }
                for row in try await sql.raw(
                    "SELECT id, name, employee_number FROM people WHERE id IN (\(CarrierLedgerTable.list(sorted)))"
                ).all() {
                    names.people[try row.decode(column: "id", as: UUID.self)] = (
                        try row.decode(column: "name", as: String.self),
                        try row.decode(column: "employee_number", as: String.self)
                    )
                }
            }
            return names
        }
    }

    static func list(_ ids: [UUID]) -> SQLQueryString {
        var query: SQLQueryString = ""
        for (index, id) in ids.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: id)
        }
        return query
    }
}
