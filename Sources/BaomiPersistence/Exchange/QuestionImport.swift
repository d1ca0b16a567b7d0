import BaomiDomain
import Crypto
import FluentKit
import Foundation

/// Imports a question file, CSV or xlsx (told apart by content: an xlsx is a zip), all or nothing (E6.2): every row
/// is checked first and every bad one named; only a file without problems is written, in one transaction.
public enum QuestionImport {
    /// The file had problems; nothing was written. `problems` names each bad row.
    public struct Failure: Error, Sendable {
        public var problems: [QuestionSheet.Problem]

        /// As a field error list for the page and problem+json (`row12.答案`).
        public var fieldErrors: [FieldError] {
            problems.map {
                FieldError(
                    field: "row\($0.row)", rule: ExamDefinition.rule,
                    message: LocalizedText(
                        zh: "第 \($0.row) 行「\($0.column)」：\($0.message.zh)",
                        en: "Row \($0.row), \($0.column): \($0.message.en)"))
            }
        }
    }

    public static let maxBytes = 20 * 1024 * 1024

    /// The file's records, whichever format it is.
    public static func records(_ bytes: [UInt8]) throws -> [CSVTable.Record] {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXSheetReader.rows(Data(bytes)) }
        do {
            return try CSVTable.parse(bytes).records
        } catch {
            throw Failure(problems: [
                QuestionSheet.Problem(row: error.line, column: "CSV", message: error.message)
            ])
        }
    }

    /// Checks the whole file, then writes it; returns how many questions were added.
    public static func run(
        _ bytes: [UInt8], fileName: String, repository: ExamRepository, by actor: AuditActor,
        on database: any Database
    ) async throws -> Int {
        let records: [CSVTable.Record]
        do {
            records = try Self.records(bytes)
        } catch is XLSXSheetReader.Unreadable {
            throw Failure(problems: [
                QuestionSheet.Problem(
                    row: 1, column: "xlsx",
                    message: LocalizedText(zh: "不是可读取的 Excel 工作簿", en: "Not a readable Excel workbook"))
            ])
        }
        let (questions, problems) = QuestionSheet.parse(records)
        guard problems.isEmpty else {
            // The refusal is a record of its own; the bank is untouched (principle 2).
            try await repository.store.record(
                [
                    AuditEvent(
                        action: .questionImport, subject: AuditSubject(type: "questionBank", label: fileName),
                        outcome: .refused, rule: ExamDefinition.rule,
                        details: [
                            "reason": problems.first?.description ?? "", "problems": String(problems.count),
                            "sha256": SHA256.hash(data: bytes).lowercaseHex,
                        ])
                ], by: actor, on: database)
            throw Failure(problems: problems)
        }
        return try await repository.importQuestions(
            questions, fileName: fileName, sha256: SHA256.hash(data: bytes).lowercaseHex, by: actor, on: database)
    }
}
