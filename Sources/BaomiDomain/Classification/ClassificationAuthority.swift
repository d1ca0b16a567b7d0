/// Who may classify, and up to which level (T5.1): a 定密责任人 authorised by the security administrator, never
/// above what their own secret post lets them read (A2).
public enum ClassificationAuthority {
    /// Whether a person authorised up to `classifierMaxLevel` (nil: not a 定密责任人) may classify at `level`.
    public static func check(
        classifierMaxLevel: LevelID?, level: LevelDefinition, name: String, levels: LevelCatalogue
    ) -> Decision {
        let t51 = RuleID("T5.1")
        guard let maximum = classifierMaxLevel else {
            return .refused(
                Refusal(rule: t51, zh: "\(name)不是定密责任人", en: "\(name) is not an authorised classifying official"))
        }
        let allowed = levels.definition(maximum).map { $0.regime == level.regime && $0.rank >= level.rank } ?? false
        if !allowed {
            return .refused(
                Refusal(
                    rule: t51, zh: "\(name)的定密权限不足以确定\(level.name.zh)",
                    en: "\(name) is not authorised to classify at \(level.name.en)"))
        }
        return .allowed
    }

    /// Whether a person may be authorised (or may classify) at `level`: they must themselves be cleared for it and
    /// not barred (T5.1 with A2, A4) — nobody decides the level of what they could not read.
    public static func checkClearance(
        of person: AccessSubject, name: String, level: LevelDefinition, postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) -> Decision {
        if let barred = person.barred {
            return .refused(
                Refusal(
                    rule: RuleID("T5.1"), zh: "\(name)：\(barred.reason.zh)，不能定密",
                    en: "\(name): \(barred.reason.en); cannot classify"))
        }
        if person.clearance.dominates(SecurityLabel(level: level)) { return .allowed }
        let needed = postClasses.lowestClass(covering: level, levels: levels)
        return .refused(
            Refusal(
                rule: RuleID("T5.1"),
                zh: "\(name)为\(person.postClass.title.zh)，定密权限不能高于其涉密等级：确定\(level.name.zh)须"
                    + "\(needed?.title.zh ?? "更高涉密等级") (A2)",
                en: "\(name) holds \(person.postClass.title.en); classifying authority cannot exceed one's own "
                    + "clearance: \(level.name.en) needs \(needed?.title.en ?? "a higher clearance") (A2)"))
    }

    /// The authority a person keeps when their own clearance changes: at most what the new clearance covers (T5.1
    /// with A2) — the highest level of the same regime, up to `maximum`, that `clearance` dominates, or nil when it
    /// covers none. A lowered post lowers the authority with it, in the same change, rather than leaving a 定密责任人
    /// authorised above what they may read.
    public static func kept(_ maximum: LevelID, within clearance: Clearance, levels: LevelCatalogue) -> LevelID? {
        guard let current = levels.definition(maximum) else { return nil }
        if clearance.dominates(SecurityLabel(level: current)) { return maximum }
        return levels.levels
            .filter { $0.regime == current.regime && $0.rank < current.rank }
            .filter { clearance.dominates(SecurityLabel(level: $0)) }
            .max { $0.rank < $1.rank }?.id
    }
}
