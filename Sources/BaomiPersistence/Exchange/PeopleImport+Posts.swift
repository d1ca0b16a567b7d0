import BaomiDomain
import FluentKit
import Foundation

extension PeopleImport {
    /// Whether the file's header names the post code column (in Chinese or by its key).
    static func namesPostCodes(_ table: CSVTable) -> Bool {
        let header = (table.records.first?.fields ?? []).map(\.trimmed)
        return header.contains(Column.postCode.chineseHeader) || header.contains(Column.postCode.rawValue)
    }

    /// The rows that name a post code (岗位代码, A2, T9): an unknown or retired code is refused on its row; a class
    /// named beside it must agree with the post's, since the class follows the post; the person must be free to take
    /// a post (A4, A7) and hold the agreements the post asks beyond its class (T8, T9). The class of each such row
    /// becomes the post's, so that the pre-post training and agreement checks after this one judge the right class.
    func checkPosts(_ plan: inout Plan, store: Store, on database: any Database) async throws {
        let assignments = PostAssignments(store: store)
        for index in plan.posts.indices {
            guard let code = plan.posts[index].postCode else { continue }
            let row = plan.posts[index].row
            guard let post = try await PostRepository(store: store).post(code: code, on: database), post.active else {
                plan.problems.append(
                    ImportProblem(
                        row: row, column: Column.postCode.chineseHeader, rule: RuleID("A2"),
                        message: LocalizedText(
                            zh: "岗位代码「\(code)」未登记或已撤销", en: "The post code \(code) is not registered or is retired")))
                continue
            }
            if let named = plan.posts[index].namedClass,
                let refusal = PostRules.classAgrees(named: named, post: post.secretPostClass, code: code)
            {
                plan.problems.append(
                    ImportProblem(
                        row: row, column: Column.postClass.chineseHeader, rule: refusal.rule, message: refusal.reason))
                continue
            }
            plan.posts[index].draft.postClass = post.secretPostClass
            guard let person = try await PersonModel.find(plan.posts[index].personID, on: database) else { continue }
            do {
                try await assignments.checkStanding(person, for: post, on: database)
            } catch DomainError.invalid(let errors) {
                for error in errors {
                    plan.problems.append(
                        ImportProblem(
                            row: row, column: Column.postCode.chineseHeader, rule: error.rule, message: error.message))
                }
            }
        }
    }
}
