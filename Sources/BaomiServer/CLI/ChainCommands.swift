import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// `baomi chains show|set` (principle 9, #14): the approval chains in force, and a new version from the same JSON as
/// `POST /api/v1/chains`, by the security office — checked, versioned and audited exactly as on the page.
public enum ChainCommands {
    /// The chain in force for each kind (or only `kind`) at each level — what a request submitted now would get: a
    /// line naming its version (or the national default), then one per step.
    public static func show(configuration: BaomiConfiguration, kind code: String?) async throws -> [String] {
        var kinds = RequestKind.allCases
        if let code {
            guard let kind = RequestKind(rawValue: code) else {
                let message = AcceptedValues.of(RequestKind.self, title: \.title).refusing(
                    code, label: LocalizedText(zh: "申请类型", en: "Request kind"))
                throw CommandLineFailure(zh: message.zh, en: message.en)
            }
            kinds = [kind]
        }
        return try await CommandLineSession.run(configuration) { session in
            let catalogue = try await session.services.settings.levelCatalogue(on: session.database)
            var lines: [String] = []
            for kind in kinds {
                for level in catalogue.levels {
                    let (steps, version) = try await ChainCatalogue.current(kind, level: level, on: session.database)
                    lines.append(
                        "\(kind.title.zh) / \(kind.title.en) · \(level.name.zh) / \(level.name.en) · "
                            + (version ?? "国家默认 / national default"))
                    for (index, step) in steps.enumerated() {
                        let text = describe(step)
                        lines.append("  \(index + 1). \(text.zh) / \(text.en)")
                    }
                }
            }
            return lines
        }
    }

    /// A new version of a chain from `json` (a `ChainInput`), set by the account `username` (the security office).
    /// Returns the new version's label.
    public static func set(configuration: BaomiConfiguration, json: Data, as username: String?) async throws -> String {
        let input: ChainInput
        do {
            input = try JSONDecoder().decode(ChainInput.self, from: json)
        } catch {
            throw CommandLineFailure(
                zh: "文件不是审批流程的 JSON（kind、level、steps、note，与 POST /api/v1/chains 相同）",
                en: "The file is not a chain's JSON (kind, level, steps, note, as for POST /api/v1/chains)")
        }
        return try await CommandLineSession.run(configuration) { session in
            let acting = try await session.acting(as: username, needs: .manageSecrecyOrganisation)
            let catalogue = try await session.services.settings.levelCatalogue(on: session.database)
            do {
                let (kind, level, steps) = try await ChainForm.chain(
                    of: input, catalogue: catalogue, on: session.database)
                let version = try await session.services.chains.set(
                    kind, level: level, steps: steps, note: input.note, by: acting.actor, roles: acting.roles,
                    on: session.database)
                return version.label
            } catch DomainError.invalid(let errors) {
                let zh = errors.map { "\($0.field)：\($0.message.zh)" }.joined(separator: "；")
                let en = errors.map { "\($0.field): \($0.message.en)" }.joined(separator: "; ")
                throw CommandLineFailure(zh: zh, en: en, rule: errors.first?.rule)
            } catch let refusal as Refusal {
                throw CommandLineFailure(zh: refusal.reason.zh, en: refusal.reason.en, rule: refusal.rule)
            }
        }
    }

    static func describe(_ step: ApprovalStepSpec) -> LocalizedText {
        let names = step.approvers.map(\.title)
        let all = step.mode == .all
        var zh = "\(step.title.zh)（\(names.map(\.zh).joined(separator: all ? " 会签 " : " 或 "))）"
        var en = "\(step.title.en) (\(names.map(\.en).joined(separator: all ? " and " : " or ")))"
        if let escalation = step.escalation {
            zh += "，无人可审时转\(escalation.title.zh)"
            en += "; if nobody else can: \(escalation.title.en)"
        }
        return LocalizedText(zh: zh, en: en)
    }
}
