import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 销毁 (C8): how it is destroyed, where, by whom and with what. Its form is the destruction
/// batch's own page (`NewRequestPages.destruction`), which lists the copies to choose.
enum DestroyPayloadView: RequestPayloadView {
    typealias Kind = Destroy

    static let refusalField = "copyIDs"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] { [] }

    static func payload(_ values: [String: String]) -> Destroy.Payload {
        Destroy.Payload(
            method: values["method"], destructionPlace: values["destructionPlace"],
            transportPeople: [values["transport1"] ?? "", values["transport2"] ?? ""].filter { !$0.trimmed.isEmpty },
            vehicle: values["vehicle"], equipment: values["equipment"])
    }

    static func lines(_ payload: Destroy.Payload, context: PageContext, catalogue: LevelCatalogue) -> [(String, String)]
    {
        var lines: [(String, String)] = []
        if let method = payload.method {
            lines.append(
                (
                    context.t("销毁方式", "Method"),
                    method == Destroy.Method.facility.rawValue
                        ? context.t("送指定销毁机构（专人专车押送）", "Escorted to the designated facility")
                        : context.t("自行销毁（经检测设备）", "In-house with certified equipment")
                ))
        }
        if let place = payload.destructionPlace, !place.isEmpty { lines.append((context.t("销毁地点", "Place"), place)) }
        if let people = payload.transportPeople, !people.isEmpty {
            lines.append((context.t("押运人", "Escorts"), people.joined(separator: "、")))
        }
        if let vehicle = payload.vehicle, !vehicle.isEmpty { lines.append((context.t("车辆", "Vehicle"), vehicle)) }
        if let equipment = payload.equipment, !equipment.isEmpty {
            lines.append((context.t("销毁设备", "Equipment"), equipment))
        }
        return lines
    }
}
