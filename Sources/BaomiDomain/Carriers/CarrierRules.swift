/// Guards of lifecycle steps that need more than the state machine (C3, C6, C7).
public enum CarrierRules {
    /// A place may keep a copy when it is a place of storage (an office or a reading room is a place of use, L2,
    /// never of storage), its highest level protects at least as much as the copy's level, and its kind is at least
    /// the level's minimum storage (C6).
    public static func checkPlace(
        copyLevel: LevelDefinition, placeLevel: LevelDefinition, placeKind: StorageClass, placeName: String
    ) -> Decision {
        let c6 = RuleID("C6")
        if !placeKind.isForKeeping {
            return .refused(
                Refusal(
                    rule: c6, zh: "\(placeName)是\(placeKind.title.zh)，只供阅办，不能存放载体：请存入密码文件柜、保险柜或专库",
                    en:
                        "\(placeName) is \(placeKind.title.en.lowercased()), a place of use, not of storage: keep it in "
                        + "a combination cabinet, safe or vault"))
        }
        if placeLevel.protectionWeight < copyLevel.protectionWeight {
            return .refused(
                Refusal(
                    rule: c6, zh: "\(placeName)最高只能存放\(placeLevel.name.zh)载体，不能存放\(copyLevel.name.zh)载体",
                    en: "\(placeName) is cleared up to \(placeLevel.name.en), not \(copyLevel.name.en)"))
        }
        if placeKind < copyLevel.minimumStorage {
            return .refused(
                Refusal(
                    rule: c6, zh: "\(copyLevel.name.zh)载体须存放于\(copyLevel.minimumStorage.title.zh)或更高等级的设施",
                    en:
                        "\(copyLevel.name.en) carriers need a \(copyLevel.minimumStorage.title.en.lowercased()) or better"
                ))
        }
        return .allowed
    }

    /// Transmission (C3): an allowed channel for the level — never ordinary post or express — and sealed packaging
    /// for the levels that travel with two escorts. The escorts themselves are people from the register
    /// (`BearerRules`, as many as `escortsNeeded`).
    public static func checkTransmission(level: LevelDefinition, channel: TransmissionChannel, sealed: Bool) -> Decision
    {
        let c3 = RuleID("C3")
        if channel.isForbiddenForClassified || !level.channels.contains(channel) {
            let allowed = level.channels.map(\.title.zh).joined(separator: "、")
            return .refused(
                Refusal(
                    rule: c3, zh: "\(level.name.zh)载体不得通过\(channel.title.zh)传递，只能：\(allowed)",
                    en: "A \(level.name.en) carrier cannot travel by \(channel.title.en.lowercased()); allowed: "
                        + level.channels.map(\.title.en).joined(separator: ", ")))
        }
        if level.twoPersonTransmission && !sealed {
            return .refused(
                Refusal(
                    rule: c3, zh: "\(level.name.zh)载体须使用防拆封的密封包装",
                    en: "A \(level.name.en) carrier travels in tamper-evident sealed packaging"))
        }
        return .allowed
    }

    /// How many escorts a transmission names (C3): two different people where the level asks for two, one for a
    /// designated person or an internal hand-over (someone carries it), none when the confidential courier or post
    /// service carries it.
    public static func escortsNeeded(level: LevelDefinition, channel: TransmissionChannel) -> Int {
        if level.twoPersonTransmission { return 2 }
        return channel == .designatedPerson || channel == .internalHandOver ? 1 : 0
    }

    /// Repair (C7): a named repairer and supervisor; off-site only with the storage removed.
    public static func checkRepair(
        form: CarrierForm, repairer: String, supervisor: String, onSite: Bool, storageRemoved: Bool
    )
        -> Decision
    {
        let c7 = RuleID("C7")
        if repairer.trimmed.isEmpty || supervisor.trimmed.isEmpty {
            return .refused(Refusal(rule: c7, zh: "须写明维修人员和现场监督人", en: "Name the repairer and the on-site supervisor"))
        }
        if !onSite && form.hasStorage && !storageRemoved {
            return .refused(
                Refusal(
                    rule: c7, zh: "送外维修前须拆除存储部件", en: "Storage parts must be removed before sending it out for repair"))
        }
        return .allowed
    }
}

extension LevelDefinition {
    /// How much protection a level demands, across regimes: a place cleared for 秘密 state secrets also protects
    /// commercial and work secrets; commercial secrets rank below state secrets, work secrets below both.
    public var protectionWeight: Int {
        switch regime {
        case .state: 100 * rank
        case .commercial: 10 * rank
        case .work: rank
        }
    }
}
