import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 外带 (C4, L1.6, L1.7, L3): why, where to (structured), who carries it, when it is back.
enum CarryOutPayloadView: RequestPayloadView {
    typealias Kind = CarryOut

    static let refusalField = "purposeKind"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        let form = choices.form
        let level = choices.level
        let cleared = choices.cleared
        var fields: [BodyNode] = []
        // The destination is structured: abroad follows from the country, never from a tick box (L1.7). The
        // people who carry it come from the register, cleared for the level (C4, L3).
        let people = cleared.map { (value: $0.value, label: $0.label) }
        fields += [
            form.select(
                "purposeKind", context.t("外带事由 (L1.6, L3)", "Why it leaves (L1.6, L3)"),
                options: [CarryOutPurpose.work, .hospitalDelivery].map {
                    (value: $0.rawValue, label: context.t($0.title))
                }, required: true, includeEmpty: false),
            form.select(
                "destinationCountry", context.t("去向所在国家或地区 (L1.7)", "Country or region (L1.7)"),
                options: Geography.countries.map {
                    (value: $0.code, label: context.t(LocalizedText(zh: $0.zh, en: $0.en)))
                },
                required: true, includeEmpty: false),
            form.select(
                "destinationProvince", context.t("省、自治区、直辖市（境内）", "Province (mainland)"),
                options: Geography.provinces.map {
                    (value: $0.code, label: context.t(LocalizedText(zh: $0.zh, en: $0.en)))
                }),
            form.text("destination", context.t("去向（单位或地点）", "Destination (unit or place)"), required: true),
            form.select(
                "escort1", context.t("携带人一（已按密级筛选）", "Carried by (1), cleared for the level"), options: people,
                required: level?.twoPersonTransmission == true),
            form.select(
                "escort2", context.t("携带人二", "Carried by (2)"), options: people,
                required: level?.twoPersonTransmission == true),
            form.select(
                "courierID", context.t("专人送达（送医院阅办时, L3）", "Designated courier (hospital delivery, L3)"),
                options: people),
            form.text("returnDate", context.t("带回日期", "Back on"), required: true, type: "date"),
        ]
        return fields
    }

    static func payload(_ values: [String: String]) -> CarryOut.Payload {
        let escorts = [values["escort1"], values["escort2"]].compactMap { $0 }.filter { !$0.trimmed.isEmpty }
        return CarryOut.Payload(
            purposeKind: values["purposeKind"], destinationCountry: values["destinationCountry"],
            destinationProvince: values["destinationProvince"].flatMap { $0.trimmed.isEmpty ? nil : $0 },
            destination: values["destination"],
            escortIDs: escorts.isEmpty
                ? nil : escorts.map { UUID(uuidString: $0.trimmed) ?? RequestPayloadViews.unknownPerson },
            courierID: values["courierID"].flatMap {
                $0.trimmed.isEmpty ? nil : UUID(uuidString: $0) ?? RequestPayloadViews.unknownPerson
            },
            returnDate: values["returnDate"].flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed })
    }

    static func lines(
        _ payload: CarryOut.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        []
    }
}
