import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The page side of 定密审批 (T5.1, C9): the draft carrier's proposed level, period, copies and basis. Its form is
/// the registration form in its classification mode (`CarrierPages.new`, `ClassificationController`).
enum ClassifyPayloadView: RequestPayloadView {
    typealias Kind = Classify

    static let refusalField = "level"

    static func fields(_ choices: RequestFormChoices) -> [BodyNode] { [] }

    static func payload(_ values: [String: String]) -> Classify.Payload {
        var draft = CarrierDraft.Input()
        draft.title = values["title"]
        draft.level = values["level"]
        draft.period = values["period"]
        draft.copyCount = values["copyCount"].flatMap { Int($0.trimmed) }
        draft.departmentID = values["departmentID"]
        draft.classifierID = values["classifierID"]
        draft.classificationBasis = values["classificationBasis"]
        return Classify.Payload(draft: draft)
    }

    static func subject(_ payload: Classify.Payload, context: PageContext) -> String? {
        context.t("拟定密：", "Proposed: ") + (payload.draft.title ?? "")
    }

    static func lines(
        _ payload: Classify.Payload, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        let draft = payload.draft
        let level = catalogue.definition(LevelID(rawValue: draft.level ?? "")).map { context.t($0.name) }
        var lines: [(String, String)] = [
            (context.t("拟定载体", "Proposed carrier"), draft.title ?? ""),
            (context.t("拟定密级", "Proposed level"), level ?? draft.level ?? ""),
            (
                context.t("拟定保密期限", "Proposed period"),
                draft.period.map { SecrecyPeriod.parse($0).markingText(defaultYears: nil) } ?? ""
            ),
            (context.t("份数", "Copies"), draft.copyCount.map(String.init) ?? ""),
            (context.t("定密依据", "Basis"), draft.classificationBasis ?? ""),
        ]
        if let number = draft.documentNumber, !number.isEmpty {
            lines.append((context.t("文号", "Document number"), number))
        }
        let scope =
            (draft.scopePeople ?? []).count + (draft.scopeDepartments ?? []).count + (draft.scopeProjects ?? []).count
        lines.append((context.t("知悉范围", "Distribution scope"), context.t("\(scope) 项", "\(scope) entries")))
        return lines
    }
}
