/// What a carrier holds (T6): the categories of technical secrets. Configurable later; these are the rule's list.
public enum CarrierCategory: String, CaseIterable, Hashable, Sendable, Codable {
    case drawing
    case testRecord
    case process
    case formula
    case sample
    case data
    case method
    case technicalSolution
    case program
    case other

    public var title: LocalizedText {
        switch self {
        case .drawing: LocalizedText(zh: "图纸（含草图）", en: "Drawing (incl. sketches)")
        case .testRecord: LocalizedText(zh: "试验结果和记录", en: "Test results and records")
        case .process: LocalizedText(zh: "工艺", en: "Process")
        case .formula: LocalizedText(zh: "配方", en: "Formula")
        case .sample: LocalizedText(zh: "样品", en: "Sample")
        case .data: LocalizedText(zh: "数据", en: "Data")
        case .method: LocalizedText(zh: "生产方法", en: "Production method")
        case .technicalSolution: LocalizedText(zh: "技术方案", en: "Technical solution")
        case .program: LocalizedText(zh: "计算机程序", en: "Computer program")
        case .other: LocalizedText(zh: "其他", en: "Other")
        }
    }
}

/// The physical form of a carrier (T7, LEDGERS.md 载体类别).
public enum CarrierForm: String, CaseIterable, Hashable, Sendable, Codable {
    case paper
    case opticalDisc
    case usbDrive
    case hardDisk
    case device
    case sample
    case audioVideo
    case other

    public var title: LocalizedText {
        switch self {
        case .paper: LocalizedText(zh: "纸介质", en: "Paper")
        case .opticalDisc: LocalizedText(zh: "光盘", en: "Optical disc")
        case .usbDrive: LocalizedText(zh: "U盘", en: "USB drive")
        case .hardDisk: LocalizedText(zh: "硬盘", en: "Hard disk")
        case .device: LocalizedText(zh: "设备", en: "Device")
        case .sample: LocalizedText(zh: "样品", en: "Sample")
        case .audioVideo: LocalizedText(zh: "音像制品", en: "Audio/video")
        case .other: LocalizedText(zh: "其他", en: "Other")
        }
    }

    /// The word the carrier ledger's 载体类别 column uses (LEDGERS.md: 纸介质/光介质/电磁介质/样品/设备…): U盘 and 硬盘
    /// are both 电磁介质 there, so a ledger file carries the exact form beside it (载体形态).
    public var ledgerWord: LocalizedText {
        switch self {
        case .paper: LocalizedText(zh: "纸介质", en: "Paper")
        case .opticalDisc: LocalizedText(zh: "光介质", en: "Optical media")
        case .usbDrive, .hardDisk: LocalizedText(zh: "电磁介质", en: "Electromagnetic media")
        case .device: LocalizedText(zh: "设备", en: "Device")
        case .sample: LocalizedText(zh: "样品", en: "Sample")
        case .audioVideo: LocalizedText(zh: "音像制品", en: "Audio/video")
        case .other: LocalizedText(zh: "其他", en: "Other")
        }
    }

    /// Devices and media hold data that can be recovered: repair off-site only with the storage removed (C7).
    public var hasStorage: Bool {
        switch self {
        case .opticalDisc, .usbDrive, .hardDisk, .device, .audioVideo: true
        case .paper, .sample, .other: false
        }
    }
}

/// Where a carrier came from (LEDGERS.md 来源).
public enum CarrierSource: String, CaseIterable, Hashable, Sendable, Codable {
    /// 自制: made here (C1).
    case made
    /// 收文: received from outside (C2).
    case received

    public var title: LocalizedText {
        switch self {
        case .made: LocalizedText(zh: "自制", en: "Made here")
        case .received: LocalizedText(zh: "收文", en: "Received")
        }
    }
}
