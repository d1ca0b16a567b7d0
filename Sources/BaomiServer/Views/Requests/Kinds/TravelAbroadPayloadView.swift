import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 出境审批 (A7, L1.7): who travels, where (up to three countries or regions outside the
/// mainland), when, why, whom they meet, official or private. Its form is the trip form (`TravelPages.newTrip`).
enum TravelAbroadPayloadView: RequestPayloadView {
    typealias Kind = TravelAbroad

    static let refusalField = "travellerID"

    /// Countries and regions outside the mainland.
    static var abroad: [(value: String, label: String, entry: Geography.Entry)] {
        Geography.countries.filter { $0.code != Destination.home }.map { ($0.code, $0.zh, $0) }
    }

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        let form = choices.form
        let countries = abroad.map {
            (value: $0.value, label: context.t(LocalizedText(zh: $0.entry.zh, en: $0.entry.en)))
        }
        return [
            form.select(
                "travellerID", context.t("出境人员", "Traveller"), options: choices.people.map { ($0.value, $0.label) },
                required: true, includeEmpty: choices.people.count != 1),
            form.select(
                "destination1", context.t("前往国家或地区（含港澳台）", "Country or region (Hong Kong, Macao, Taiwan included)"),
                options: countries, required: true),
            form.select("destination2", context.t("前往国家或地区二", "Second country or region"), options: countries),
            form.select("destination3", context.t("前往国家或地区三", "Third country or region"), options: countries),
            form.text("places", context.t("具体城市或地点", "Cities or places")),
            form.text("departureDate", context.t("出境日期", "Departure"), required: true, type: "date"),
            form.text("returnDate", context.t("回国日期", "Return"), required: true, type: "date"),
            form.select(
                "nature", context.t("出境性质", "Official or private"),
                options: TravelNature.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true),
            form.text("purpose", context.t("出境事由", "Purpose"), required: true),
            form.text("contactsAbroad", context.t("境外联系人及单位", "Contacts abroad")),
        ]
    }

    static func payload(_ values: [String: String]) -> TravelAbroad.Payload {
        func value(_ key: String) -> String? {
            values[key].flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed }
        }
        return TravelAbroad.Payload(
            travellerID: value("travellerID").map { UUID(uuidString: $0) ?? RequestPayloadViews.unknownPerson },
            destinations: ["destination1", "destination2", "destination3"].compactMap(value),
            places: value("places"), departureDate: value("departureDate"), returnDate: value("returnDate"),
            purpose: value("purpose"), contactsAbroad: value("contactsAbroad"), nature: value("nature"))
    }

    static func subject(_ payload: TravelAbroad.Payload, context: PageContext) -> String? {
        context.t("出境：", "Abroad: ") + (payload.travellerName ?? "") + " " + destinations(payload, context: context)
    }

    static func destinations(_ payload: TravelAbroad.Payload, context: PageContext) -> String {
        (payload.destinations ?? []).map { code in
            Geography.country(code).map { context.t(LocalizedText(zh: $0.zh, en: $0.en)) } ?? code
        }.joined(separator: "、")
    }

    static func lines(
        _ payload: TravelAbroad.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        [
            (context.t("出境人员", "Traveller"), payload.travellerName ?? ""),
            (context.t("前往国家或地区", "Destinations"), destinations(payload, context: context)),
            (context.t("具体地点", "Places"), payload.places ?? ""),
            (context.t("出境日期", "Departure"), payload.departureDate ?? ""),
            (context.t("回国日期", "Return"), payload.returnDate ?? ""),
            (
                context.t("出境性质", "Official or private"),
                TravelNature(rawValue: payload.nature ?? "").map { context.t($0.title) } ?? ""
            ),
            (context.t("出境事由", "Purpose"), payload.purpose ?? ""),
            (context.t("境外联系人", "Contacts abroad"), payload.contactsAbroad ?? ""),
        ]
    }
}
