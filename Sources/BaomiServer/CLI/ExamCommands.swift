import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// `baomi questions import|export` and `baomi exams results` (E6.2): the bank and an exam's results through the same
/// repository, rules and audit trail as the pages.
public enum ExamCommands {
    public enum Format: String, Sendable, CaseIterable {
        case csv
        case xlsx
    }

    /// Imports a CSV or xlsx file of questions, all or nothing; returns how many were added. A file with problems
    /// throws `QuestionImport.Failure`, naming each bad row.
    public static func importQuestions(
        file: URL, username: String?, configuration: BaomiConfiguration
    ) async throws -> Int {
        let bytes = try read(file)
        return try await CommandLineSession.run(configuration) { session in
            let acting = try await session.acting(as: username, needs: .manageExams)
            return try await QuestionImport.run(
                bytes, fileName: file.lastPathComponent, repository: session.services.exams, by: acting.actor,
                on: session.database)
        }
    }

    /// The bank as a file in the import's own columns.
    public static func exportQuestions(
        format: Format, username: String?, configuration: BaomiConfiguration
    ) async throws -> Data {
        try await CommandLineSession.run(configuration) { session in
            let acting = try await session.acting(as: username, needs: .manageExams)
            let exams = session.services.exams
            let rows = try await exams.questions(on: session.database).compactMap(\.question).map(QuestionSheet.row)
            try await exams.recordExport(
                count: rows.count, format: format.rawValue, by: acting.actor, on: session.database)
            return try file(format, title: "题库", headers: QuestionSheet.headers, rows: rows)
        }
    }

    /// An exam's results (every attempt), the exam named by its id or its exact title.
    public static func exportResults(
        exam name: String, format: Format, username: String?, configuration: BaomiConfiguration
    ) async throws -> Data {
        try await CommandLineSession.run(configuration) { session in
            let acting = try await session.acting(as: username, needs: .manageExams)
            let exams = session.services.exams
            let all = try await exams.exams(on: session.database)
            guard let exam = all.first(where: { $0.id == UUID(uuidString: name) || $0.title == name }),
                let definition = exam.definition
            else {
                throw CommandLineFailure(zh: "没有找到考试「\(name)」", en: "No exam is called \"\(name)\"")
            }
            if username != nil {
                let stewarded = CarrierStewardship.departments(
                    roles: acting.roles, viewerDepartment: acting.departmentID)
                if let refusal = ExamRules.mayManage(audience: definition.audience, stewarded: stewarded).refusal {
                    throw CommandLineFailure(zh: refusal.reason.zh, en: refusal.reason.en, rule: refusal.rule)
                }
            }
            let attempts = try await exams.attempts(ofExam: try exam.requireID(), on: session.database)
            try await exams.recordResultsExport(
                exam, count: attempts.count, format: format.rawValue, by: acting.actor, on: session.database)
            return try file(
                format, title: "\(exam.title)成绩", headers: ExamResults.headers, rows: ExamResults.rows(attempts))
        }
    }

    private static func file(_ format: Format, title: String, headers: [String], rows: [[String]]) throws -> Data {
        switch format {
        case .csv: Data(CSVTable.byteOrderMark + Array(CSV.document(headers: headers, rows: rows).utf8))
        case .xlsx: try XLSXWorkbook(sheetName: title, headers: headers, rows: rows).data()
        }
    }

    private static func read(_ file: URL) throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: file))
        } catch {
            throw CommandLineFailure(
                zh: "无法读取文件 \(file.path)：\(error.localizedDescription)",
                en: "Cannot read \(file.path): \(error.localizedDescription)")
        }
    }
}
