import BaomiDomain
import Foundation

extension RequestStepModel {
    /// `decided_by_role` of an approval given outside Baomi and entered by the security office (C5.1).
    static let recordedRole = "recorded"

    /// What the step's approver acted as, from its specification: a role, or an outside approval.
    static func role(of spec: ApprovalStepSpec?) -> String {
        switch spec?.approver {
        case .role(let role): role.rawValue
        case .recorded: recordedRole
        case .person, .relation: spec?.actingAs?.rawValue ?? ""
        case nil: ""
        }
    }

    /// The approver as printed forms name them, as they were when they decided (principle 12): `王所长（主管领导，副所长）`.
    /// Empty while the step waits.
    public func approver(in language: Language) -> String {
        guard decision != nil else { return "" }
        let role =
            Role(rawValue: decidedByRole)?.title
            ?? (decidedByRole == Self.recordedRole ? LocalizedText(zh: "外部批准", en: "outside approval") : nil)
        let parts = [role?.text(in: language), decidedByPost].compactMap { $0 }.filter { !$0.isEmpty }
        let name = decider(in: language)
        guard !parts.isEmpty else { return name }
        return language == .zh
            ? "\(name)（\(parts.joined(separator: "，"))）"
            : "\(name) (\(parts.joined(separator: ", ")))"
    }

    /// Who decided, and for whom when a stand-in did (代理): `李四 代 王所长`.
    public func decider(in language: Language) -> String {
        guard !onBehalfOfName.isEmpty else { return decidedByName }
        return language == .zh ? "\(decidedByName) 代 \(onBehalfOfName)" : "\(decidedByName) for \(onBehalfOfName)"
    }
}

extension RequestModel {
    /// Who approved it, in order, each as they were when they decided.
    public func approvers(in language: Language) -> [String] {
        currentSteps.filter { $0.decision == "approve" }.map {
            $0.approver(in: language)
        }
    }
}
