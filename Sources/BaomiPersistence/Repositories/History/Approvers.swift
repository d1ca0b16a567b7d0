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
        guard !parts.isEmpty else { return decidedByName }
        return language == .zh
            ? "\(decidedByName)（\(parts.joined(separator: "，"))）"
            : "\(decidedByName) (\(parts.joined(separator: ", ")))"
    }
}

extension RequestModel {
    /// Who approved it, in order, each as they were when they decided.
    public func approvers(in language: Language) -> [String] {
        steps.sorted { $0.position < $1.position }.filter { $0.decision == "approve" }.map {
            $0.approver(in: language)
        }
    }
}
