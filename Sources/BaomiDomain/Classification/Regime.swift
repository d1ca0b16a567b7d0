/// The three regimes of secrets (A1). Levels of different regimes never dominate each other: a 核心商密 clearance says
/// nothing about 秘密 state secrets.
public enum Regime: String, CaseIterable, Hashable, Sendable, Codable {
    /// 国家秘密.
    case state
    /// 商业秘密.
    case commercial
    /// 工作秘密 / 内部.
    case work

    public var title: LocalizedText {
        switch self {
        case .state: LocalizedText(zh: "国家秘密", en: "State secret")
        case .commercial: LocalizedText(zh: "商业秘密", en: "Commercial secret")
        case .work: LocalizedText(zh: "工作秘密", en: "Work secret")
        }
    }
}

/// A classification level (密级) by its code word; the catalogue says what each one means in this organisation.
public struct LevelID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let topSecret = LevelID(rawValue: "topSecret")
    public static let secret = LevelID(rawValue: "secret")
    public static let confidential = LevelID(rawValue: "confidential")
    public static let coreCommercial = LevelID(rawValue: "coreCommercial")
    public static let ordinaryCommercial = LevelID(rawValue: "ordinaryCommercial")
    public static let `internal` = LevelID(rawValue: "internal")
}

/// Ways a carrier may travel (C3, L1.3).
public enum TransmissionChannel: String, CaseIterable, Hashable, Sendable, Codable {
    /// 机要交通.
    case confidentialCourier
    /// 机要通信.
    case confidentialPost
    /// 专人传递.
    case designatedPerson
    /// 普通邮寄 — never for a classified carrier (C3); listed so a refusal can name it.
    case ordinaryPost
    /// 快递 — never for a classified carrier (C3).
    case express
    /// 内部交接 (hand-over inside the organisation).
    case internalHandOver

    public var title: LocalizedText {
        switch self {
        case .confidentialCourier: LocalizedText(zh: "机要交通", en: "Confidential courier service")
        case .confidentialPost: LocalizedText(zh: "机要通信", en: "Confidential post")
        case .designatedPerson: LocalizedText(zh: "专人传递", en: "Designated person")
        case .ordinaryPost: LocalizedText(zh: "普通邮寄", en: "Ordinary post")
        case .express: LocalizedText(zh: "快递", en: "Express delivery")
        case .internalHandOver: LocalizedText(zh: "内部交接", en: "Internal hand-over")
        }
    }

    /// Ordinary post and express are never allowed for a classified carrier, whatever the configuration says (C3).
    public var isForbiddenForClassified: Bool { self == .ordinaryPost || self == .express }
}

/// Kinds of storage place (C6), ordered by how much protection they give.
public enum StorageClass: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// 办公室 (a leader's office counts as a secure place for reading, L2).
    case office
    /// 阅览室.
    case readingRoom
    /// 个人密码柜 (personal retention, C10).
    case personalCabinet
    /// 密码文件柜.
    case fileCabinet
    /// 密码保险柜.
    case safe
    /// 专库.
    case vault

    var strength: Int {
        switch self {
        case .office: 0
        case .readingRoom: 1
        case .personalCabinet: 2
        case .fileCabinet: 3
        case .safe: 4
        case .vault: 5
        }
    }

    public static func < (left: StorageClass, right: StorageClass) -> Bool { left.strength < right.strength }

    /// Whether carriers may be kept here, rather than only read.
    public var isForKeeping: Bool {
        switch self {
        case .personalCabinet, .fileCabinet, .safe, .vault: true
        case .office, .readingRoom: false
        }
    }

    public var title: LocalizedText {
        switch self {
        case .office: LocalizedText(zh: "办公室", en: "Office")
        case .readingRoom: LocalizedText(zh: "阅览室", en: "Reading room")
        case .personalCabinet: LocalizedText(zh: "个人密码柜", en: "Personal cabinet")
        case .fileCabinet: LocalizedText(zh: "密码文件柜", en: "Combination file cabinet")
        case .safe: LocalizedText(zh: "密码保险柜", en: "Combination safe")
        case .vault: LocalizedText(zh: "专库", en: "Vault")
        }
    }
}
