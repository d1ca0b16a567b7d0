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
    /// One slot per regime rather than a `[Regime: Int]`: the access decision reads it for every carrier, and a
    /// dictionary look-up hashed the regime's string each time.
    private var stateRank: Int?
    private var commercialRank: Int?
    private var workRank: Int?
    public var compartments: Set<String>
    public var groups: Set<String>

    public init(ranks: [Regime: Int], compartments: Set<String> = [], groups: Set<String> = []) {
        self.compartments = compartments
        self.groups = groups
        self.ranks = ranks
    }

    public static let none = Clearance(ranks: [:])

    /// The highest rank held in a regime, or nil when the person holds none in it.
    public func rank(in regime: Regime) -> Int? {
        switch regime {
        case .state: stateRank
        case .commercial: commercialRank
        case .work: workRank
        }
    }

    public var ranks: [Regime: Int] {
        get {
            var ranks: [Regime: Int] = [:]
            for regime in Regime.allCases { ranks[regime] = rank(in: regime) }
            return ranks
        }
        set {
            stateRank = newValue[.state]
            commercialRank = newValue[.commercial]
            workRank = newValue[.work]
        }
    }

    /// No read-up (A2): the level in the label's regime is at least the label's, every compartment of the label is
    /// held, and — when the label names groups — at least one group is shared.
    public func dominates(_ label: SecurityLabel) -> Bool {
        guard let rank = rank(in: label.regime), rank >= label.rank else { return false }
        guard label.compartments.isEmpty || label.compartments.isSubset(of: compartments) else { return false }
        return label.groups.isEmpty || !label.groups.isDisjoint(with: groups)
    }

    private enum CodingKeys: String, CodingKey {
        case ranks, compartments, groups
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ranks: try container.decode([Regime: Int].self, forKey: .ranks),
            compartments: try container.decode(Set<String>.self, forKey: .compartments),
            groups: try container.decode(Set<String>.self, forKey: .groups))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ranks, forKey: .ranks)
        try container.encode(compartments, forKey: .compartments)
        try container.encode(groups, forKey: .groups)
    }
}
