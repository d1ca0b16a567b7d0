import BaomiDomain
import BaomiPersistence
import Foundation
import Vapor

/// How a ledger, register or report is downloaded: CSV (UTF-8 with BOM, LEDGERS.md) or an Excel workbook, which
/// opens with its Chinese intact wherever it is double-clicked (a CSV's encoding is the spreadsheet's guess).
enum DownloadFormat: String, Sendable {
    case csv
    case xlsx

    /// The format a download's address asks for: `….xlsx` or `….csv`.
    init(_ request: Request) {
        self = request.url.path.hasSuffix(".xlsx") ? .xlsx : .csv
    }
}

enum LedgerDownload {
    /// The file, named after the ledger (`涉密载体台账.xlsx`); the workbook prints landscape, one page wide, with
    /// `marking` at the top and bottom of every page (UI.md print view).
    static func response(
        _ format: DownloadFormat, title: String, headers: [String], rows: [[String]], marking: String
    ) throws -> Response {
        switch format {
        case .csv:
            return CSV.response(CSV.document(headers: headers, rows: rows), filename: "\(title).csv")
        case .xlsx:
            let workbook = XLSXWorkbook(sheetName: title, headers: headers, rows: rows, marking: marking)
            let response = Response(status: .ok, body: .init(data: try workbook.data()))
            response.headers.replaceOrAdd(name: .contentType, value: XLSXWorkbook.contentType)
            let encoded = "\(title).xlsx".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export.xlsx"
            response.headers.replaceOrAdd(
                name: .contentDisposition,
                value: "attachment; filename=\"export.xlsx\"; filename*=UTF-8''\(encoded)")
            return response
        }
    }
}
