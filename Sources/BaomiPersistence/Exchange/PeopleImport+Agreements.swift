import BaomiDomain
import FluentKit
import Foundation

extension PeopleImport {
    /// The agreements a post needs (A4, T8, T9, L1.1) for every post the file gives or raises, each refused row named
    /// (`第 3 行「涉密等级」：上涉密岗位前须签订并生效《知识产权保护协议》…`). The caller writes nothing if any row is refused.
    func checkAgreements(_ plan: inout Plan, on database: any Database) async throws {
        let gate = AgreementGate()
        for post in plan.posts {
            guard let person = try await PersonModel.find(post.personID, on: database) else { continue }
            let decision = try await gate.decide(
                person, from: SecretPostClass(rawValue: person.postClass) ?? .nonSecret, to: post.draft.postClass,
                on: database)
            if let refusal = decision.refusal {
                plan.problems.append(
                    ImportProblem(
                        row: post.row, column: Column.postClass.chineseHeader, rule: refusal.rule,
                        message: refusal.reason))
            }
        }
    }
}
