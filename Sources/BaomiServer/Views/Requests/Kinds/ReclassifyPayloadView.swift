import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 解密、变更密级、延长保密期限 (C9).
enum ReclassifyPayloadView: RequestPayloadView {
    typealias Kind = Reclassify

    static let refusalField = "change"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        let form = choices.form
        let level = choices.level
        let catalogue = choices.catalogue
        var fields: [BodyNode] = []
        fields += [
            form.select(
                "change", context.t("变更类型 (C9)", "Change (C9)"),
                options: [
                    (value: "declassify", label: context.t("解密", "Declassify")),
                    (value: "changeLevel", label: context.t("变更密级", "Change level")),
                    (value: "extend", label: context.t("延长保密期限", "Extend the period")),
                ], required: true, includeEmpty: false),
            form.select(
                "newLevel", context.t("新密级（变更密级时）", "New level (when changing)"),
                options: catalogue.levels(of: level?.regime ?? .state).map {
                    (value: $0.id.rawValue, label: context.t($0.name))
                }),
            form.text("newPeriod", context.t("新保密期限（变更或延长时）", "New period (when changing or extending)")),
        ]
        return fields
    }

    static func payload(_ values: [String: String]) -> Reclassify.Payload {
        Reclassify.Payload(
            change: values["change"], newLevel: values["newLevel"].flatMap { $0.isEmpty ? nil : $0 },
            newPeriod: values["newPeriod"])
    }

    static func lines(
        _ payload: Reclassify.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        var lines: [(String, String)] = []
        if let change = payload.change {
            let text: String =
                switch Reclassify.Change(rawValue: change) {
                case .declassify: context.t("解密", "Declassify")
                case .changeLevel: context.t("变更密级", "Change level")
                default: context.t("延长保密期限", "Extend the period")
                }
            lines.append((context.t("变更类型", "Change"), text))
        }
        if let level = payload.newLevel, let definition = catalogue.definition(LevelID(rawValue: level)) {
            lines.append((context.t("新密级", "New level"), context.t(definition.name)))
        }
        if let period = payload.newPeriod, !period.isEmpty { lines.append((context.t("新保密期限", "New period"), period)) }
        return lines
    }
}
