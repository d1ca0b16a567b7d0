import BaomiDomain
import FluentKit
import Foundation

extension ChainForm {
    /// A chain as the API and `baomi chains set` send it, checked field by field (principle 9): the kind, the level
    /// (nil: every level) and the steps. Empty steps return the kind to the national default.
    static func chain(
        of body: ChainInput, catalogue: LevelCatalogue, on database: any Database
    ) async throws -> (RequestKind, LevelID?, [ApprovalStepSpec]) {
        guard let kind = RequestKind(rawValue: body.kind) else {
            let message = AcceptedValues.of(RequestKind.self, title: \.title).refusing(
                body.kind, label: LocalizedText(zh: "申请类型", en: "Request kind"))
            throw DomainError.invalid(field: "kind", zh: message.zh, en: message.en)
        }
        var level: LevelID?
        if let raw = body.level, !raw.isEmpty {
            guard let definition = catalogue.definition(LevelID(rawValue: raw)) else {
                throw DomainError.invalid(field: "level", zh: "密级「\(raw)」未配置", en: "Level \(raw) is not configured")
            }
            level = definition.id
        }
        var steps: [ApprovalStepSpec] = []
        for (index, step) in body.steps.enumerated() {
            var approvers: [ApprovalStepSpec.Approver] = []
            for code in step.approvers {
                approvers.append(try await ChainForm.approver(code, field: "steps[\(index)].approvers", on: database))
            }
            guard let first = approvers.first else {
                throw DomainError.invalid(
                    field: "steps[\(index)].approvers", zh: "第\(index + 1)步须有审批人",
                    en: "Step \(index + 1) needs an approver")
            }
            steps.append(
                ApprovalStepSpec(
                    approver: first, title: LocalizedText(zh: step.title, en: step.title),
                    also: approvers.count > 1 ? Array(approvers.dropFirst()) : nil,
                    mode: step.mode == "all" ? .all : nil,
                    escalation: try await step.escalation.asyncMap {
                        try await ChainForm.approver($0, field: "steps[\(index)].escalation", on: database)
                    }))
        }
        return (kind, level, steps)
    }
}
