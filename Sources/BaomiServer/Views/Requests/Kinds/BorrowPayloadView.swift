import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 借阅 (A6, L1.2, L1.9): the place of use, cleared for the level, and the day it is due back.
enum BorrowPayloadView: RequestPayloadView {
    typealias Kind = Borrow

    static let refusalField = "placeID"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        let form = choices.form
        let level = choices.level
        let catalogue = choices.catalogue
        let cabinets = choices.cabinets
        var fields: [BodyNode] = []
        // Only places cleared for the level are offered (L1.2); a leader's office is one of them (L2).
        let usable = cabinets.filter { place in
            guard let level, let placeLevel = catalogue.definition(place.maxLevel) else {
                return false
            }
            return BorrowingRules.placeClears(placeLevel, for: level)
        }
        fields += [
            form.select(
                "placeID", context.t("使用地点（已按密级筛选, L1.2）", "Place of use (cleared for the level, L1.2)"),
                options: usable.map { (value: $0.value, label: $0.label) },
                required: true),
            form.text("returnDate", context.t("应还日期 (L1.9)", "Due back (L1.9)"), required: true, type: "date"),
        ]
        return fields
    }

    static func payload(_ values: [String: String]) -> Borrow.Payload {
        Borrow.Payload(
            placeID: values["placeID"].flatMap(UUID.init(uuidString:)),
            returnDate: values["returnDate"].flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed })
    }

    static func lines(_ payload: Borrow.Payload, context: PageContext, catalogue: LevelCatalogue) -> [(String, String)]
    {
        []
    }
}
