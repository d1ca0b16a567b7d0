/// 涉密岗位等级 (A2): what a person's post lets them read, set by the security administrator.
public enum SecretPostClass: String, CaseIterable, Hashable, Sendable, Codable {
    /// 核心涉密人员.
    case core
    /// 重要涉密人员.
    case important
    /// 一般涉密人员.
    case general
    /// 非涉密人员.
    case nonSecret

    public var title: LocalizedText {
        switch self {
        case .core: LocalizedText(zh: "核心涉密人员", en: "Core secret post")
        case .important: LocalizedText(zh: "重要涉密人员", en: "Important secret post")
        case .general: LocalizedText(zh: "一般涉密人员", en: "General secret post")
        case .nonSecret: LocalizedText(zh: "非涉密人员", en: "Not a secret post")
        }
    }

    /// From the highest class down, so "the lowest class that would do" is the last match.
    public static let descending: [SecretPostClass] = [.core, .important, .general, .nonSecret]
}

/// The highest level of each regime a post class may access (A2), configurable per organisation (T30). A regime a
/// class does not name is closed to it.
public struct PostClassCatalogue: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public var postClass: SecretPostClass
        public var maxima: [Regime: LevelID]

        public init(postClass: SecretPostClass, maxima: [Regime: LevelID]) {
            self.postClass = postClass
            self.maxima = maxima
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// National practice: 核心 up to 绝密, 重要 up to 机密, 一般 up to 秘密; commercial secrets follow the same steps;
    /// work secrets (内部) are open to every member of staff within the distribution scope.
    public static let nationalDefault = PostClassCatalogue(entries: [
        Entry(postClass: .core, maxima: [.state: .topSecret, .commercial: .coreCommercial, .work: .internal]),
        Entry(postClass: .important, maxima: [.state: .secret, .commercial: .coreCommercial, .work: .internal]),
        Entry(
            postClass: .general, maxima: [.state: .confidential, .commercial: .ordinaryCommercial, .work: .internal]),
        Entry(postClass: .nonSecret, maxima: [.work: .internal]),
    ])

    public func maxima(of postClass: SecretPostClass) -> [Regime: LevelID] {
        entries.first { $0.postClass == postClass }?.maxima ?? [:]
    }

    /// The clearance a post class gives, as ranks the dominance check compares (DESIGN principle 4).
    public func clearance(
        _ postClass: SecretPostClass, levels: LevelCatalogue, compartments: Set<String> = [], groups: Set<String> = []
    ) -> Clearance {
        var ranks: [Regime: Int] = [:]
        for (regime, level) in maxima(of: postClass) {
            if let definition = levels.definition(level), definition.regime == regime {
                ranks[regime] = definition.rank
            }
        }
        return Clearance(ranks: ranks, compartments: compartments, groups: groups)
    }

    /// The lowest class whose maximum covers the level: what a refusal names as the way to be allowed (A2).
    public func lowestClass(covering level: LevelDefinition, levels: LevelCatalogue) -> SecretPostClass? {
        SecretPostClass.descending.last { postClass in
            guard let maximum = maxima(of: postClass)[level.regime], let definition = levels.definition(maximum)
            else { return false }
            return definition.rank >= level.rank
        }
    }

    /// Every class names a level of the right regime that exists, and a higher class never covers less than a
    /// lower one.
    public func validate(levels: LevelCatalogue) throws(DomainError) {
        var errors: [FieldError] = []
        func refuse(_ postClass: SecretPostClass, zh: String, en: String) {
            errors.append(
                FieldError(field: postClass.rawValue, rule: RuleID("A2"), message: LocalizedText(zh: zh, en: en)))
        }
        for postClass in SecretPostClass.allCases where !entries.contains(where: { $0.postClass == postClass }) {
            refuse(postClass, zh: "缺少\(postClass.title.zh)的设置", en: "\(postClass.title.en) is not configured")
        }
        for entry in entries {
            for (regime, level) in entry.maxima where levels.definition(level)?.regime != regime {
                refuse(
                    entry.postClass, zh: "\(entry.postClass.title.zh)：\(regime.title.zh)的最高密级无效",
                    en: "\(entry.postClass.title.en): not a \(regime.title.en.lowercased()) level")
            }
        }
        for (higher, lower) in zip(SecretPostClass.descending, SecretPostClass.descending.dropFirst()) {
            let high = clearance(higher, levels: levels).ranks
            for (regime, rank) in clearance(lower, levels: levels).ranks where (high[regime] ?? 0) < rank {
                refuse(
                    higher, zh: "\(higher.title.zh)可知悉的\(regime.title.zh)不能低于\(lower.title.zh)",
                    en: "\(higher.title.en) cannot cover less of \(regime.title.en.lowercased()) than \(lower.title.en)"
                )
            }
        }
        if !errors.isEmpty { throw .invalid(errors) }
    }
}
