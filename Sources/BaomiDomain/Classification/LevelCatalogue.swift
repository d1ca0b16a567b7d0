/// What one level means in this organisation (A1, C1–C9, T30): configuration with national defaults, edited by the
/// security administrator.
public struct LevelDefinition: Hashable, Sendable, Codable, Identifiable {
    public var id: LevelID
    public var regime: Regime
    /// Order inside the regime: a higher rank dominates a lower one.
    public var rank: Int
    public var name: LocalizedText
    /// The longest period in years; nil where the regime has no year limit (commercial: 长期/公布前).
    public var maximumYears: Int?
    /// 份号 required on every copy (C1.2).
    public var serialNumbersRequired: Bool
    /// Channels a carrier of this level may travel by (C3).
    public var channels: [TransmissionChannel]
    /// Two named escorts when it travels or is carried out (C3, C4).
    public var twoPersonTransmission: Bool
    /// Copying needs the originating authority's recorded approval as well as the leader's (C5.1).
    public var copyNeedsOriginatorApproval: Bool
    /// The weakest storage a copy of this level may be kept in (C6).
    public var minimumStorage: StorageClass
    /// How many people supervise a destruction (C8; never fewer than two).
    public var destructionSupervisors: Int

    public init(
        id: LevelID, regime: Regime, rank: Int, name: LocalizedText, maximumYears: Int?, serialNumbersRequired: Bool,
        channels: [TransmissionChannel], twoPersonTransmission: Bool, copyNeedsOriginatorApproval: Bool,
        minimumStorage: StorageClass, destructionSupervisors: Int
    ) {
        self.id = id
        self.regime = regime
        self.rank = rank
        self.name = name
        self.maximumYears = maximumYears
        self.serialNumbersRequired = serialNumbersRequired
        self.channels = channels
        self.twoPersonTransmission = twoPersonTransmission
        self.copyNeedsOriginatorApproval = copyNeedsOriginatorApproval
        self.minimumStorage = minimumStorage
        self.destructionSupervisors = destructionSupervisors
    }

    /// The marking as printed on the carrier, e.g. `机密★20年`, `核心商密★长期`, `内部`.
    public func marking(for period: SecrecyPeriod) -> String {
        switch regime {
        case .work: name.zh
        case .state, .commercial: "\(name.zh)★\(period.markingText(defaultYears: maximumYears))"
        }
    }
}

/// Every level the organisation uses, in one place (T30: national law prevails; these are its defaults).
public struct LevelCatalogue: Hashable, Sendable, Codable {
    public var levels: [LevelDefinition]

    public init(levels: [LevelDefinition]) {
        self.levels = levels
    }

    public func definition(_ id: LevelID) -> LevelDefinition? {
        levels.first { $0.id == id }
    }

    public func levels(of regime: Regime) -> [LevelDefinition] {
        levels.filter { $0.regime == regime }.sorted { $0.rank > $1.rank }
    }

    /// The highest level a kind of place may keep (C6), from the levels' minimum storage: with the national defaults
    /// 绝密 for a combination safe or a vault, 机密 for a combination file cabinet; nil for an office or a reading
    /// room, which are places of use, not of storage (L2).
    public func highestStorable(in kind: StorageClass) -> LevelDefinition? {
        guard kind.isForKeeping else { return nil }
        return levels.filter { $0.minimumStorage <= kind }.max { $0.protectionWeight < $1.protectionWeight }
    }

    /// The national defaults: 绝密/机密/秘密 with 30/20/10 years, the two commercial levels, and 内部.
    public static let nationalDefault = LevelCatalogue(levels: [
        LevelDefinition(
            id: .topSecret, regime: .state, rank: 3, name: LocalizedText(zh: "绝密", en: "Top Secret"), maximumYears: 30,
            serialNumbersRequired: true, channels: [.confidentialCourier, .designatedPerson],
            twoPersonTransmission: true, copyNeedsOriginatorApproval: true, minimumStorage: .safe,
            destructionSupervisors: 2),
        LevelDefinition(
            id: .secret, regime: .state, rank: 2, name: LocalizedText(zh: "机密", en: "Secret"), maximumYears: 20,
            serialNumbersRequired: true,
            channels: [.confidentialCourier, .confidentialPost, .designatedPerson, .internalHandOver],
            twoPersonTransmission: false, copyNeedsOriginatorApproval: false, minimumStorage: .fileCabinet,
            destructionSupervisors: 2),
        LevelDefinition(
            id: .confidential, regime: .state, rank: 1, name: LocalizedText(zh: "秘密", en: "Confidential"),
            maximumYears: 10,
            serialNumbersRequired: false,
            channels: [.confidentialCourier, .confidentialPost, .designatedPerson, .internalHandOver],
            twoPersonTransmission: false, copyNeedsOriginatorApproval: false, minimumStorage: .fileCabinet,
            destructionSupervisors: 2),
        LevelDefinition(
            id: .coreCommercial, regime: .commercial, rank: 2,
            name: LocalizedText(zh: "核心商密", en: "Core commercial secret"),
            maximumYears: nil, serialNumbersRequired: true, channels: [.designatedPerson, .internalHandOver],
            twoPersonTransmission: false, copyNeedsOriginatorApproval: false, minimumStorage: .fileCabinet,
            destructionSupervisors: 2),
        LevelDefinition(
            id: .ordinaryCommercial, regime: .commercial, rank: 1,
            name: LocalizedText(zh: "普通商密", en: "Ordinary commercial secret"), maximumYears: nil,
            serialNumbersRequired: false, channels: [.designatedPerson, .internalHandOver, .confidentialPost],
            twoPersonTransmission: false, copyNeedsOriginatorApproval: false, minimumStorage: .personalCabinet,
            destructionSupervisors: 2),
        LevelDefinition(
            id: .internal, regime: .work, rank: 1, name: LocalizedText(zh: "内部", en: "Internal"), maximumYears: nil,
            serialNumbersRequired: false, channels: [.designatedPerson, .internalHandOver, .confidentialPost],
            twoPersonTransmission: false, copyNeedsOriginatorApproval: false, minimumStorage: .personalCabinet,
            destructionSupervisors: 2),
    ])

    /// Refuses a catalogue that would break the rules no organisation may relax (C3, C8).
    public func validate() throws(DomainError) {
        var validator = FieldValidator()
        for level in levels {
            if level.destructionSupervisors < 2 {
                validator.add(
                    field: "\(level.id).destructionSupervisors", rule: RuleID("C8"),
                    zh: "\(level.name.zh)：监销人不能少于 2 人", en: "\(level.name.en): at least two destruction supervisors")
            }
            if level.channels.contains(where: \.isForbiddenForClassified) {
                validator.add(
                    field: "\(level.id).channels", rule: RuleID("C3"),
                    zh: "\(level.name.zh)：不得通过普通邮寄或快递传递", en: "\(level.name.en): never by ordinary post or express")
            }
            if level.channels.isEmpty {
                validator.add(
                    field: "\(level.id).channels", rule: RuleID("C3"), zh: "\(level.name.zh)：至少允许一种传递方式",
                    en: "\(level.name.en): allow at least one channel")
            }
            if !level.minimumStorage.isForKeeping {
                validator.add(
                    field: "\(level.id).minimumStorage", rule: RuleID("C6"),
                    zh: "\(level.name.zh)：\(level.minimumStorage.title.zh)只供阅办，不能作为存放设施",
                    en:
                        "\(level.name.en): \(level.minimumStorage.title.en.lowercased()) is a place of use, not of storage"
                )
            }
            if let years = level.maximumYears, !(1...50).contains(years) {
                validator.add(
                    field: "\(level.id).maximumYears", rule: RuleID("C9"), zh: "\(level.name.zh)：最长期限须在 1–50 年",
                    en: "\(level.name.en): the longest period must be 1–50 years")
            }
        }
        try validator.check()
    }
}
