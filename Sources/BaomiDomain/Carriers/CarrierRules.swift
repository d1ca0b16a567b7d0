/// Guards of lifecycle steps that need more than the state machine (C3, C6, C7).
public enum CarrierRules {
    /// A place may hold or host a copy when its highest level protects at least as much as the copy's level, and
    /// — where carriers are kept rather than read — its kind is at least the level's minimum storage (C6).
    public static func checkPlace(
        copyLevel: LevelDefinition, placeLevel: LevelDefinition, placeKind: StorageClass, placeName: String
    ) -> Decision {
        let c6 = RuleID("C6")
        if placeLevel.protectionWeight < copyLevel.protectionWeight {
            return .refused(
                Refusal(
                    rule: c6, zh: "\(placeName)最高只能存放\(placeLevel.name.zh)载体，不能存放\(copyLevel.name.zh)载体",
                    en: "\(placeName) is cleared up to \(placeLevel.name.en), not \(copyLevel.name.en)"))
        }
        if placeKind.isForKeeping && placeKind < copyLevel.minimumStorage {
            return .refused(
                Refusal(
                    rule: c6, zh: "\(copyLevel.name.zh)载体须存放于\(copyLevel.minimumStorage.title.zh)或更高等级的设施",
                    en:
                        "\(copyLevel.name.en) carriers need a \(copyLevel.minimumStorage.title.en.lowercased()) or better"
                ))
        }
        return .allowed
    }

    /// Transmission (C3): an allowed channel for the level — never ordinary post or express — two named escorts
    /// where the level asks for them, and sealed packaging for the levels that carry escorts.
    public static func checkTransmission(
        level: LevelDefinition, channel: TransmissionChannel, escorts: [String], sealed: Bool
    ) -> Decision {
        let c3 = RuleID("C3")
        if channel.isForbiddenForClassified || !level.channels.contains(channel) {
            let allowed = level.channels.map(\.title.zh).joined(separator: "、")
            return .refused(
                Refusal(
                    rule: c3, zh: "\(level.name.zh)载体不得通过\(channel.title.zh)传递，只能：\(allowed)",
                    en: "A \(level.name.en) carrier cannot travel by \(channel.title.en.lowercased()); allowed: "
                        + level.channels.map(\.title.en).joined(separator: ", ")))
        }
        let named = Set(escorts.map(\.trimmed).filter { !$0.isEmpty })
        if level.twoPersonTransmission && named.count < 2 {
            return .refused(
                Refusal(
                    rule: c3, zh: "\(level.name.zh)载体须由两名不同的人员护送",
                    en: "A \(level.name.en) carrier travels with two different escorts"))
        }
        if level.twoPersonTransmission && !sealed {
            return .refused(
                Refusal(
                    rule: c3, zh: "\(level.name.zh)载体须使用防拆封的密封包装",
                    en: "A \(level.name.en) carrier travels in tamper-evident sealed packaging"))
        }
        return .allowed
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
