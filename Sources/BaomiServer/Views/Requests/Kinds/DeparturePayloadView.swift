import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 离岗离职 (T22, T12): who leaves, how, their last working day and their new employer. Its form is
/// the departure's own page (`DeparturePages.form`), started from the person's page.
enum DeparturePayloadView: RequestPayloadView {
    typealias Kind = Departure

    static let refusalField = "personID"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        let context = choices.context
        let form = choices.form
        return [
            form.select(
                "personID", context.t("离岗离职人员", "Person leaving"),
                options: choices.people.map { (value: $0.value, label: $0.label) }, required: true),
            form.select(
                "departureKind", context.t("离岗离职方式", "How they leave"),
                options: Departure.Way.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                required: true),
            form.text("lastWorkingDay", context.t("最后工作日", "Last working day"), required: true, type: "date"),
            form.text("newEmployer", context.t("新单位（如有，用于告知函 T12）", "New employer (if any, for the notice, T12)")),
        ]
    }

    static func payload(_ values: [String: String]) -> Departure.Payload {
        Departure.Payload(
            personID: values["personID"].flatMap {
                $0.isEmpty ? nil : UUID(uuidString: $0) ?? RequestPayloadViews.unknownPerson
            },
            departureKind: values["departureKind"], lastWorkingDay: values["lastWorkingDay"],
            newEmployer: values["newEmployer"].flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed })
    }

    static func subject(_ payload: Departure.Payload, context: PageContext) -> String? {
        payload.personName.map { name in
            [name, payload.employeeNumber.map { "（\($0)）" }, payload.departmentName.map { " · \($0)" }]
                .compactMap { $0 }.joined()
        }
    }

    static func lines(
        _ payload: Departure.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        var lines: [(String, String)] = []
        if let way = Departure.Way(rawValue: payload.departureKind ?? "") {
            lines.append((context.t("离岗离职方式", "How they leave"), context.t(way.title)))
        }
        if let postClass = SecretPostClass(rawValue: payload.postClass ?? "") {
            lines.append((context.t("原涉密等级", "Post class left"), context.t(postClass.title)))
        }
        if let day = payload.lastWorkingDay { lines.append((context.t("最后工作日", "Last working day"), day)) }
        if let employer = payload.newEmployer, !employer.isEmpty {
            lines.append((context.t("新单位", "New employer"), employer))
        }
        // Why the chain has the leader's step (T10): the key projects not yet ended the leaver was a member of.
        if let projects = payload.keyProjects, !projects.isEmpty {
            lines.append(
                (
                    context.t("重点项目成员（T10）", "Key-project member (T10)"),
                    projects.joined(separator: "、")
                        + context.t("：项目结束前离开，增加主管领导审批", ": leaving before the end needs the leader in charge")
                ))
        }
        return lines
    }
}
