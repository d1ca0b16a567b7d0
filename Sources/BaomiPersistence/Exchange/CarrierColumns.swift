import BaomiDomain
import Foundation

/// The columns a carrier import file may have, with their Chinese and English header names.
///
/// `载体类别` is what LEDGERS.md calls the ledger column holding 纸介质/光介质/样品/设备…, which the domain names the
/// carrier's *form*, while import templates often use it for the T6 content category (图纸, 数据…). An import reads
/// the cell's value to tell which one it names, so both a ledger export and a hand-made template read back.
public enum CarrierColumn: String, CaseIterable, Sendable, Hashable {
    case title
    case documentNumber
    /// 载体类别: a form or a category, told apart by its value.
    case kind
    case category
    case form
    case source
    case level
    case period
    case copyCount
    /// 来文份数: for a received carrier, the count on the dispatch note (C2); an import-only column.
    case declaredCount
    case copyingAllowed
    case departmentCode
    case scopeDepartmentCodes
    case scopeEmployeeNumbers
    case scopeProjectCodes
    case projectCode
    case classifierEmployeeNumber
    case classificationBasis
    case classifiedOn
    case originatingAuthority
    case notes
    /// 载体编号: a carrier moving in keeps the number on its label (C1.2); the register numbers the others.
    case number
    /// 制作或接收日期: the day the carrier was made or received, kept when it moves in.
    case madeOn
    /// 各份状态: each copy's state, place or holder and date (`CopyStateList`), carried over as it is (C0).
    case copyStates

    /// The Chinese header an export writes.
    public var chineseHeader: String {
        switch self {
        case .title: "载体名称"
        case .documentNumber: "文号"
        case .kind: "载体类别"
        case .category: "内容类别"
        case .form: "载体形态"
        case .source: "来源"
        case .level: "密级"
        case .period: "保密期限"
        case .copyCount: "份数"
        case .declaredCount: "来文份数"
        case .copyingAllowed: "允许复制"
        case .departmentCode: "责任部门编码"
        case .scopeDepartmentCodes: "知悉范围部门编码"
        case .scopeEmployeeNumbers: "知悉范围人员工号"
        case .scopeProjectCodes: "知悉范围项目编号"
        case .projectCode: "所属项目编号"
        case .classifierEmployeeNumber: "定密责任人工号"
        case .classificationBasis: "定密依据"
        case .classifiedOn: "定密日期"
        case .originatingAuthority: "原定密机关"
        case .notes: "备注"
        case .number: "载体编号"
        case .madeOn: "制作或接收日期"
        case .copyStates: "各份状态"
        }
    }

    /// The English header (the `CarrierDraft.Input` name, or the code a column holds).
    public var englishHeader: String {
        switch self {
        case .kind: "carrierKind"
        default: rawValue
        }
    }

    /// Other names people put on the same column.
    var aliases: [String] {
        switch self {
        case .title: ["名称", "标题"]
        case .number: ["编号"]
        case .madeOn: ["制作日期", "接收日期", "登记日期"]
        case .copyStates: ["份号状态"]
        case .originatingAuthority: ["来文单位"]
        case .projectCode: ["项目编号"]
        default: []
        }
    }

    /// Ledger columns an export writes and an import reads past: the names in 知悉范围, 责任人 and 存放位置 and the counts
    /// in 状态 are repeated as codes in the columns an import does read (知悉范围…编码, 各份状态).
    public static let exportOnlyHeaders: Set<String> = ["序号", "知悉范围", "责任人", "存放位置", "状态"]

    /// The column a header names, if any; English names match in any letter case.
    static func named(_ header: String) -> CarrierColumn? {
        let key = header.trimmed.lowercased()
        return allCases.first { column in
            column.chineseHeader == key || column.englishHeader.lowercased() == key || column.aliases.contains(key)
        }
    }

    /// The column the domain's `CarrierDraft.parse` calls `field`, to point a refusal at the right cell.
    static func forField(_ field: String) -> CarrierColumn? {
        switch field {
        case "departmentID": .departmentCode
        case "scope", "scopeDepartments": .scopeDepartmentCodes
        case "scopePeople": .scopeEmployeeNumbers
        case "scopeProjects": .scopeProjectCodes
        case "projectID": .projectCode
        case "classifierID": .classifierEmployeeNumber
        default: CarrierColumn(rawValue: field)
        }
    }
}

/// Reads the words people write in a carrier file: Chinese labels or code words for levels, categories, forms and
/// sources; periods as 10年, a date or 长期; yes/no in either language.
enum CarrierVocabulary {
    static func level(_ text: String, catalogue: LevelCatalogue) -> LevelID? {
        let key = text.trimmed.lowercased()
        return catalogue.levels.first { level in
            level.id.rawValue.lowercased() == key || level.name.zh == key || level.name.en.lowercased() == key
                // A marking such as 机密★20年 names its level before the star.
                || key.hasPrefix(level.name.zh + "★")
        }?.id
    }

    static func category(_ text: String) -> CarrierCategory? {
        lookup(
            text, CarrierCategory.allCases, title: \.title,
            aliases: ["草图": .drawing, "试验记录": .testRecord, "程序": .program, "软件": .program])
    }

    static func form(_ text: String) -> CarrierForm? {
        lookup(
            text, CarrierForm.allCases, title: \.title,
            aliases: [
                // The carrier ledger's 电磁介质 (LEDGERS.md) is U盘 or 硬盘; a file without 载体形态 reads it as a disk.
                "电磁介质": .hardDisk, "纸质": .paper, "纸质文件": .paper, "光介质": .opticalDisc, "优盘": .usbDrive,
                "移动硬盘": .hardDisk,
                "计算机": .device, "音像": .audioVideo,
            ])
    }

    static func source(_ text: String) -> CarrierSource? {
        lookup(text, CarrierSource.allCases, title: \.title, aliases: ["制作": .made, "来文": .received, "接收": .received])
    }

    /// A value matches the code word, the Chinese title (also without its bracketed gloss: 图纸 for 图纸（含草图）),
    /// the English title, or an alias.
    private static func lookup<Value: RawRepresentable<String>>(
        _ text: String, _ values: [Value], title: KeyPath<Value, LocalizedText>, aliases: [String: Value]
    ) -> Value? {
        let key = text.trimmed.lowercased()
        if let alias = aliases[key] { return alias }
        return values.first { value in
            let zh = value[keyPath: title].zh
            return value.rawValue.lowercased() == key || zh.lowercased() == key || zh.prefix { $0 != "（" } == key
                || value[keyPath: title].en.lowercased() == key
        }
    }

    /// Yes or no; empty means no. Nil for a word that is neither.
    static func flag(_ text: String) -> Bool? {
        switch text.trimmed.lowercased() {
        case "", "否", "不允许", "不可", "n", "no", "false", "0": false
        case "是", "允许", "可", "y", "yes", "true", "1": true
        default: nil
        }
    }

    /// A period as `SecrecyPeriod.parse` reads it, or nil when the cell is empty (so C1.1 asks for one).
    ///
    /// Also reads what ledgers print: `2030-12-31前`, `20年（未标明）`, and dates a spreadsheet rewrote as 2030/12/31.
    static func period(_ text: String) -> String? {
        var value = text.trimmed
        if value.isEmpty { return nil }
        if value == "未标明" || value.hasSuffix("（未标明）") || value.hasSuffix("(unmarked)") { return "unmarked" }
        // A day as written (2030/12/31 too): `SecrecyPeriod.parse` reads it, and refuses one that does not exist
        // naming it as the file has it.
        if value.hasSuffix("前"), CalendarDay.looksLikeDate(String(value.dropLast())) {
            return String(value.dropLast()).trimmed
        }
        if CalendarDay.looksLikeDate(value) { return value }
        if value.hasSuffix("年") { value = String(value.dropLast()).trimmed }
        return value
    }

    /// `YYYY-MM-DD` from `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日` (`CalendarDay`, the one reader of
    /// dates); nil when the text is not a day that exists.
    static func date(_ text: String) -> String? {
        CalendarDay(text, lenient: true)?.description
    }

    /// A count such as `3` or `3份`.
    static func count(_ text: String) -> Int? {
        let value = text.trimmed
        return Int(value.hasSuffix("份") ? String(value.dropLast()).trimmed : value)
    }

    /// Codes separated by ; 、 or a comma (half- or full-width), blanks dropped.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { ";；、,，".contains($0) }).map { String($0).trimmed }.filter { !$0.isEmpty }
    }
}
