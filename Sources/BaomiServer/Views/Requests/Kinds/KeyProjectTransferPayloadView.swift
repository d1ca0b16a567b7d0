import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 重点项目人员调离 (T10): the member and the key project they leave before it ends. Its form is on
/// the project's page (`ProjectPage`), which names the project.
enum KeyProjectTransferPayloadView: RequestPayloadView {
    typealias Kind = KeyProjectTransfer

    static let refusalField = "personID"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] {
        [
            choices.form.select(
                "personID", choices.context.t("调离的成员", "Member"),
                options: choices.people.map { ($0.value, $0.label) }, required: true)
        ]
    }

    static func payload(_ values: [String: String]) -> KeyProjectTransfer.Payload {
        func id(_ key: String) -> UUID? {
            values[key].flatMap { $0.trimmed.isEmpty ? nil : UUID(uuidString: $0) ?? RequestPayloadViews.unknownPerson }
        }
        return KeyProjectTransfer.Payload(personID: id("personID"), projectID: id("projectID"))
    }

    static func subject(_ payload: KeyProjectTransfer.Payload, context: PageContext) -> String? {
        payload.personName.map { "\($0) · \(payload.projectCode ?? "")" }
    }

    static func lines(
        _ payload: KeyProjectTransfer.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        [
            (context.t("调离的成员", "Member"), payload.personName ?? ""),
            (context.t("重点项目", "Key project"), "\(payload.projectCode ?? "") \(payload.projectName ?? "")"),
            (context.t("项目结束日期", "Project ends on"), payload.projectEndsOn ?? context.t("未定", "Not fixed")),
            (
                context.t("增加的审批（T10）", "Extra approval (T10)"),
                context.t(
                    "项目结束前调离须经主管领导批准；批准后调出项目、重新签订保密承诺书并建立专档",
                    "Leaving before the end needs the leader in charge; on approval the project is removed, a new "
                        + "secrecy commitment drafted and a tracking file opened")
            ),
        ]
    }
}
