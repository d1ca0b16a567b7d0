import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 复制 (C5): how many copies; a 绝密 carrier's form says the originating authority approves first (C5.1).
enum ReproducePayloadView: RequestPayloadView {
    typealias Kind = Reproduce

    static let refusalField = "count"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        let form = choices.form
        let level = choices.level
        var fields: [BodyNode] = []
        fields.append(form.text("count", context.t("复制份数", "Copies to make"), required: true, type: "number"))
        if level?.copyNeedsOriginatorApproval == true {
            fields.append(
                H.el(
                    "p", [("class", "alert alert-warn")],
                    text: context.t(
                        "绝密级载体复制须先取得原定密机关书面批准，由保密办登记后再报主管领导 (C5.1)。",
                        "Copying a 绝密 carrier needs the originating authority's written approval, recorded by the security office, then the leader (C5.1)."
                    )))
        }
        return fields
    }

    static func payload(_ values: [String: String]) -> Reproduce.Payload {
        Reproduce.Payload(count: values["count"].flatMap { Int($0.trimmed) })
    }

    static func lines(
        _ payload: Reproduce.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        payload.count.map { [(context.t("复制份数", "Copies to make"), String($0))] } ?? []
    }
}
