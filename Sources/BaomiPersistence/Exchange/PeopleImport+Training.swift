import BaomiDomain
import FluentKit
import Foundation

extension PeopleImport {
    /// The gate before a secret post (E6.6(3), A4) for every post the file gives or raises, checked with the rows
    /// so that each refused row is named (`第 3 行「涉密等级」：上岗前须经保密专项培训…`) and nothing is written; the
    /// agreements the post needs are checked with them (`checkAgreements`, A4, T8, T9).
    public func checkTraining(
        _ plan: inout Plan, store: Store, today: String, on database: any Database
    ) async throws {
        try await checkPosts(&plan, store: store, on: database)
        let gate = PrePostGate()
        let settings = SettingsRepository(store: store)
        for post in plan.posts {
            guard let person = try await PersonModel.find(post.personID, on: database) else { continue }
            let decision = try await gate.decide(
                personID: post.personID, from: SecretPostClass(rawValue: person.postClass) ?? .nonSecret,
                to: post.draft.postClass, today: today, settings: settings, on: database)
            if let refusal = decision.refusal {
                plan.problems.append(
                    ImportProblem(
                        row: post.row, column: Column.postClass.chineseHeader, rule: refusal.rule,
                        message: refusal.reason))
            }
        }
        try await checkAgreements(&plan, on: database)
        if !plan.problems.isEmpty { plan.posts = [] }
    }
}
