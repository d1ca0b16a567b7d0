import Foundation
import Vapor

/// The pages of the question bank and exams (E6.2), registered in one place.
enum ExamPagesRoutes {
    static func register(_ app: Application) {
        let anyID = UUID()
        func get(
            _ route: SiteRoute, _ handler: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable
        ) {
            app.get(route.pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        func post(
            _ route: SiteRoute, _ handler: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable
        ) {
            app.post(route.pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        get(.questions, QuestionsController.bank)
        get(.questionNew, QuestionsController.newPage)
        post(.questionNew, QuestionsController.create)
        get(.question(anyID), QuestionsController.editPage)
        post(.question(anyID), QuestionsController.update)
        post(.questionsImport, QuestionsController.importFile)
        get(.questionsExport, QuestionsController.export)
        get(.questionsWorkbook, QuestionsController.export)
        get(.exams, ExamsController.list)
        get(.examNew, ExamsController.newPage)
        post(.examNew, ExamsController.create)
        get(.exam(anyID), ExamsController.detail)
        get(.examResultsExport(anyID), ExamsController.export)
        get(.examResultsWorkbook(anyID), ExamsController.export)
        get(.examRanking(anyID), ExamsController.ranking)
        post(.examStart(anyID), AttemptsController.start)
        get(.myExams, AttemptsController.myExams)
        get(.attempt(anyID), AttemptsController.page)
        post(.attemptAnswers(anyID), AttemptsController.saveAnswers)
        post(.attemptSubmit(anyID), AttemptsController.submit)
        get(.attemptCertificate(anyID), AttemptsController.certificate)
    }
}
