/// A security label (DESIGN principle 4, Oracle Label Security semantics): regime and level, plus the compartments
/// (projects) and groups (departments) that narrow who may see it.
public struct SecurityLabel: Hashable, Sendable, Codable {
    public var regime: Regime
    public var level: LevelID
    public var rank: Int
    public var compartments: Set<String>
    public var groups: Set<String>

    public init(level: LevelDefinition, compartments: Set<String> = [], groups: Set<String> = []) {
        self.regime = level.regime
        self.level = level.id
        self.rank = level.rank
        self.compartments = compartments
        self.groups = groups
    }
}

/// What a person is cleared for: the highest rank per regime, the compartments they hold, their groups.
public struct Clearance: Hashable, Sendable, Codable {
    public var ranks: [Regime: Int]
    public var compartments: Set<String>
    public var groups: Set<String>

    public init(ranks: [Regime: Int], compartments: Set<String> = [], groups: Set<String> = []) {
        self.ranks = ranks
        self.compartments = compartments
        self.groups = groups
    }

    public static let none = Clearance(ranks: [:])

    /// No read-up (A2): the level in the label's regime is at least the label's, every compartment of the label is
    /// held, and — when the label names groups — at least one group is shared.
    public func dominates(_ label: SecurityLabel) -> Bool {
        guard let rank = ranks[label.regime], rank >= label.rank else { return false }
        guard label.compartments.isSubset(of: compartments) else { return false }
        return label.groups.isEmpty || !label.groups.isDisjoint(with: groups)
    }
}
