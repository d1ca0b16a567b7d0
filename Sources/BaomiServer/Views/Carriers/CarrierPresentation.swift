import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// How carrier facts read on pages: level badges (UI.md colours, never colour alone), markings, states.
enum CarrierPresentation {
    static func levelBadge(
        _ level: String, catalogue: LevelCatalogue, context: PageContext, period: SecrecyPeriod? = nil
    ) -> BodyNode {
        guard let definition = catalogue.definition(LevelID(rawValue: level)) else { return .text(level) }
        let text = period.map { definition.marking(for: $0) } ?? context.t(definition.name)
        return H.el("span", [("class", "level level-\(level)")], text: text)
    }

    static func period(_ json: String) -> SecrecyPeriod {
        (try? JSONDecoder().decode(SecrecyPeriod.self, from: Data(json.utf8))) ?? .unmarked
    }

    static func periodText(_ json: String, level: String, catalogue: LevelCatalogue, context: PageContext) -> String {
        let value = period(json)
        let maximum = catalogue.definition(LevelID(rawValue: level))?.maximumYears
        switch value {
        case .longTerm: return context.t("长期", "long-term")
        case .untilPublished: return context.t("公布前", "until published")
        case .years(let years): return context.t("\(years)年", "\(years) years")
        case .unmarked:
            return maximum.map { context.t("\($0)年（未标明）", "\($0) years (unmarked)") } ?? context.t("长期", "long-term")
        case .until(let date): return context.t("\(date)前", "until \(date)")
        case .condition(let text): return text
        }
    }

    static func state(_ raw: String, context: PageContext) -> BodyNode {
        guard let state = CopyState(rawValue: raw) else { return .text(raw) }
        let kind: String =
            switch state {
            case .stored, .registered: "ok"
            case .onLoan, .carriedOut, .returning, .inTransit, .underRepair, .pendingDestruction: "info"
            case .lost: "warn"
            case .destroyed, .dispatched, .declassified: "muted"
            }
        return H.badge(context.t(state.title), kind: kind)
    }

    static func serial(_ serial: Int, of total: Int, context: PageContext) -> String {
        CarrierDraft.serialText(serial, of: total, language: context.language)
    }

    static func title<T: RawRepresentable>(
        _ raw: String, _ type: T.Type, context: PageContext, title: (T) -> LocalizedText
    ) -> String
    where T.RawValue == String {
        T(rawValue: raw).map { context.t(title($0)) } ?? raw
    }
}
