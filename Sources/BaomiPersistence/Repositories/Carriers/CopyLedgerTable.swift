import BaomiDomain
import FluentKit
import Foundation

/// The copy ledger (涉密载体份号台账, LEDGERS.md) as text, one code path for its page, print view, downloads and the
/// 报表: the ledger query's rows (the SQL twin of the access decision, principle 11) in the ledger's columns.
public struct CopyLedgerTable: Sendable {
    public static let headers: [LocalizedText] = [
        .init(zh: "序号", en: "No."), .init(zh: "载体编号", en: "Carrier no."), .init(zh: "份号", en: "Copy"),
        .init(zh: "密级", en: "Level"), .init(zh: "当前状态", en: "State"),
        .init(zh: "持有人或存放位置", en: "Holder or place"), .init(zh: "最后变动日期", en: "Last change"),
    ]

    public var query: CarrierLedgerQuery
    public var catalogue: LevelCatalogue
    public var language: Language

    public init(query: CarrierLedgerQuery, catalogue: LevelCatalogue, language: Language) {
        self.query = query
        self.catalogue = catalogue
        self.language = language
    }

    public var headers: [String] { Self.headers.map { $0.text(in: language) } }

    /// Where a copy is: its place, its holder, or the outside unit or repairer that has it.
    public static func whereabouts(_ row: CarrierLedgerQuery.CopyRow) -> String {
        row.placeName ?? row.holderName ?? (row.counterpart.isEmpty ? "—" : row.counterpart)
    }

    public func cells(_ row: CarrierLedgerQuery.CopyRow, index: Int) -> [String] {
        [
            String(index), row.number, CarrierDraft.serialText(row.serial, of: row.copyCount, language: language),
            catalogue.definition(LevelID(rawValue: row.level)).map { $0.name.text(in: language) } ?? row.level,
            CopyState(rawValue: row.state).map { $0.title.text(in: language) } ?? row.state, Self.whereabouts(row),
            ClearanceRepository.today(row.lastChangedAt),
        ]
    }

    /// Every row up to `limit`, a page of the query at a time, with the levels on them (for the print's marking).
    public func rows(on database: any Database, limit: Int) async throws -> [CarrierLedgerQuery.CopyRow] {
        var query = query
        query.limit = 500
        query.offset = 0
        var rows: [CarrierLedgerQuery.CopyRow] = []
        while rows.count < limit {
            let (page, _) = try await query.copies(on: database)
            rows += page.prefix(limit - rows.count)
            if page.count < query.limit { break }
            query.offset += query.limit
        }
        return rows
    }
}
