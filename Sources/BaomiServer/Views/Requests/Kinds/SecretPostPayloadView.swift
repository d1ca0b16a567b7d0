import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 涉密岗位任用 (A2, T9): the person and the post. Its form is on the post pages
/// (`PostPages.appointment`), started from the person's page.
enum SecretPostPayloadView: RequestPayloadView {
    typealias Kind = SecretPostAppointment

    static let refusalField = "personID"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        return [
            choices.form.select(
                "personID", context.t("上岗人员", "Person"), options: choices.people.map { ($0.value, $0.label) },
                required: true),
            choices.form.text("postCode", context.t("岗位代码", "Post code"), required: true),
        ]
    }

    static func payload(_ values: [String: String]) -> SecretPostAppointment.Payload {
        func value(_ key: String) -> String? { values[key].flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed } }
        return SecretPostAppointment.Payload(
            personID: value("personID").map { UUID(uuidString: $0) ?? RequestPayloadViews.unknownPerson },
            postCode: value("postCode"))
    }

    static func subject(_ payload: SecretPostAppointment.Payload, context: PageContext) -> String? {
        context.t("上岗人员：", "Person: ") + (payload.personName ?? "")
    }

    static func lines(
        _ payload: SecretPostAppointment.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        func title(_ raw: String?) -> String {
            raw.flatMap(SecretPostClass.init(rawValue:)).map { context.t($0.title) } ?? "—"
        }
        return [
            (context.t("上岗人员", "Person"), payload.personName ?? ""),
            (context.t("岗位", "Post"), "\(payload.postCode ?? "") \(payload.postName ?? "")"),
            (context.t("涉密等级", "Class"), "\(title(payload.fromClass)) → \(title(payload.postClass))"),
        ]
    }
}
