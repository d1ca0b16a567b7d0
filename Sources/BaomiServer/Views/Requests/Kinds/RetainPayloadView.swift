import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 个人留存 (C10): who keeps it, in which cabinet, until when.
enum RetainPayloadView: RequestPayloadView {
    typealias Kind = Retain

    static let refusalField = "placeID"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        let form = choices.form
        let people = choices.people
        let cabinets = choices.cabinets
        var fields: [BodyNode] = []
        fields += [
            form.select(
                "retainerID", context.t("留存人", "Kept by"),
                options: people.map { (value: $0.value, label: $0.label) }, required: true),
            form.select(
                "placeID", context.t("个人密码柜", "Personal cabinet"),
                options: cabinets.map { (value: $0.value, label: $0.label) },
                required: true),
            form.text("until", context.t("留存期限", "Kept until"), required: true, type: "date"),
        ]
        return fields
    }

    static func payload(_ values: [String: String]) -> Retain.Payload {
        Retain.Payload(
            retainerID: values["retainerID"].flatMap(UUID.init(uuidString:)),
            placeID: values["placeID"].flatMap(UUID.init(uuidString:)),
            until: values["until"].flatMap { $0.isEmpty ? nil : $0 })
    }

    static func lines(_ payload: Retain.Payload, context: PageContext, catalogue: LevelCatalogue) -> [(String, String)]
    {
        payload.until.map { [(context.t("留存期限", "Kept until"), $0)] } ?? []
    }
}
