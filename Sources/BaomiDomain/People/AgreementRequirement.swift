import Foundation

/// Which agreements a person needs in force for a post (A4): every secret post needs the IP protection agreement
/// (T8); a leader on a secret post also needs the secrecy commitment (L1.1). Small and pure so that posts and
/// departures can ask it too.
public enum AgreementRequirement {
    public static func required(postClass: SecretPostClass, isLeader: Bool) -> [AgreementKind] {
        guard postClass != .nonSecret else { return [] }
        return isLeader ? [.ipProtection, .commitment] : [.ipProtection]
    }

    /// The kinds required but not held in force.
    public static func missing(
        postClass: SecretPostClass, isLeader: Bool, inForce: Set<AgreementKind>
    ) -> [AgreementKind] {
        required(postClass: postClass, isLeader: isLeader).filter { !inForce.contains($0) }
    }

    /// The gate before giving or raising a secret post (A4, T8, T9, L1.1): a recorded refusal to sign any required
    /// kind blocks the post (T9) unless a later agreement of that kind is in force; otherwise every required kind
    /// must be in force. Lowering is never gated.
    public static func decide(
        from current: SecretPostClass, to requested: SecretPostClass, isLeader: Bool,
        inForce: Set<AgreementKind>, refused: Set<AgreementKind>
    ) -> Decision {
        guard TrainingGate.raises(from: current, to: requested) else { return .allowed }
        let missing = missing(postClass: requested, isLeader: isLeader, inForce: inForce)
        guard !missing.isEmpty else { return .allowed }
        let names = (
            zh: missing.map { "《\($0.title.zh)》" }.joined(), en: missing.map(\.title.en).joined(separator: ", ")
        )
        let refusedNow = missing.filter { refused.contains($0) }
        if !refusedNow.isEmpty {
            return .refused(
                Refusal(
                    rule: RuleID("T9"),
                    zh: "本人拒签\(refusedNow.map { "《\($0.title.zh)》" }.joined())，不得上涉密岗位",
                    en: "The person refused to sign the \(refusedNow.map(\.title.en).joined(separator: ", ")): "
                        + "no secret post"))
        }
        let rules = Array(Set(missing.map(\.rule.rawValue))).sorted().joined(separator: ", ")
        return .refused(
            Refusal(
                rule: RuleID("A4"),
                zh: "上涉密岗位前须签订并生效\(names.zh)（\(rules)），尚未生效",
                en: "A secret post needs the \(names.en) signed by both sides and in force (\(rules))"))
    }
}
