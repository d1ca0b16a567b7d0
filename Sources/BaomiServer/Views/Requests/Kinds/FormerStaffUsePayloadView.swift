import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 离职人员使用技术秘密 (T14): the former member of staff, the new work, the secrets concerned,
/// consent and fee. Its form is on the former-staff page (`TravelPages.formerStaff`).
enum FormerStaffUsePayloadView: RequestPayloadView {
    typealias Kind = FormerStaffUse

    static let refusalField = "personID"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        let form = choices.form
        return [
            form.select(
                "personID", context.t("离职人员", "Former member of staff"),
                options: choices.people.map { ($0.value, $0.label) }, required: true),
            form.text("newWork", context.t("新的工作或成果", "New work or result"), required: true),
            form.text("secretsConcerned", context.t("涉及的本单位技术秘密", "The unit's secrets concerned"), required: true),
            form.select(
                "consent", context.t("本单位是否同意", "Does the unit consent"),
                options: [("true", context.t("同意", "Consents")), ("false", context.t("不同意", "Does not consent"))],
                required: true),
            form.text("fee", context.t("约定费用（无偿写「无偿」）", "Fee agreed (write \"none\" if free)")),
        ]
    }

    static func payload(_ values: [String: String]) -> FormerStaffUse.Payload {
        func value(_ key: String) -> String? {
            values[key].flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed }
        }
        return FormerStaffUse.Payload(
            personID: value("personID").map { UUID(uuidString: $0) ?? RequestPayloadViews.unknownPerson },
            newWork: value("newWork"), secretsConcerned: value("secretsConcerned"),
            consent: value("consent").flatMap { $0 == "true" ? true : $0 == "false" ? false : nil }, fee: value("fee"))
    }

    static func subject(_ payload: FormerStaffUse.Payload, context: PageContext) -> String? {
        context.t("离职人员：", "Former staff: ") + (payload.personName ?? "")
    }

    static func lines(
        _ payload: FormerStaffUse.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        [
            (context.t("离职人员", "Former member of staff"), payload.personName ?? ""),
            (context.t("新的工作或成果", "New work or result"), payload.newWork ?? ""),
            (context.t("涉及的技术秘密", "Secrets concerned"), payload.secretsConcerned ?? ""),
            (
                context.t("本单位是否同意", "Unit consents"),
                payload.consent.map { $0 ? context.t("同意", "yes") : context.t("不同意", "no") } ?? ""
            ),
            (context.t("约定费用", "Fee agreed"), payload.fee ?? ""),
        ]
    }
}
