import BaomiDomain
import Foundation

/// What a carrier moving in brings beyond its registration: the number on its label, the day it was made or
/// received, and where each copy is now (C0, C1.2, C6). An institute's register does not start empty: its copies
/// are in safes, held, sent out, lost or destroyed, and the import takes that over instead of making every copy
/// "registered" again.
public struct CarriedOver: Sendable, Hashable {
    /// One copy as it is now.
    public struct Copy: Sendable, Hashable {
        public var serial: Int
        public var state: CopyState
        public var placeID: UUID?
        public var holderID: UUID?
        /// In transit to a department of ours, which signs for it (C2).
        public var receivingDepartmentID: UUID?
        /// The outside recipient, the repairer.
        public var counterpart: String
        /// `YYYY-MM-DD` of its last change; the carrier's date when the file gives none.
        public var since: String?

        public init(
            serial: Int, state: CopyState, placeID: UUID? = nil, holderID: UUID? = nil,
            receivingDepartmentID: UUID? = nil, counterpart: String = "", since: String? = nil
        ) {
            self.serial = serial
            self.state = state
            self.placeID = placeID
            self.holderID = holderID
            self.receivingDepartmentID = receivingDepartmentID
            self.counterpart = counterpart
            self.since = since
        }
    }

    /// 载体编号 as on the label; nil: the register numbers it.
    public var number: String?
    /// 制作或接收日期, `YYYY-MM-DD`; nil: today.
    public var madeOn: String?
    /// Every copy 1…N (and any made later by copying, C5.3), or empty: all start registered.
    public var copies: [Copy]

    public init(number: String? = nil, madeOn: String? = nil, copies: [Copy] = []) {
        self.number = number
        self.madeOn = madeOn
        self.copies = copies
    }

    var isEmpty: Bool { number == nil && madeOn == nil && copies.isEmpty }
}

extension CarrierImport {
    /// Checks a row's 载体编号, 制作或接收日期 and 各份状态 against the register's rules, reporting each problem at its
    /// cell. `level` and `copyCount` are the row's, as far as they could be read.
    func carryOver(
        _ cells: [CarrierColumn: String], level: LevelDefinition?, copyCount: Int?, row: Int, today: String,
        headerOf: (CarrierColumn) -> String
    ) -> (CarriedOver?, [ImportProblem]) {
        var problems: [ImportProblem] = []
        func problem(_ column: CarrierColumn, _ rule: String?, zh: String, en: String) {
            problems.append(
                ImportProblem(
                    row: row, column: headerOf(column), rule: rule.map { RuleID($0) },
                    message: LocalizedText(zh: zh, en: en)))
        }
        func value(_ column: CarrierColumn) -> String? {
            cells[column].flatMap { $0.isEmpty ? nil : $0 }
        }
        var carried = CarriedOver()
        if let number = value(.number) {
            if number.count > 32 || number.contains(where: { $0.isNewline }) {
                problem(.number, "C1.2", zh: "载体编号最长 32 个字符", en: "A carrier number has at most 32 characters")
            } else {
                carried.number = number
            }
        }
        if let text = value(.madeOn) {
            if let day = CopyStateList.day(text), day <= today {
                carried.madeOn = day
            } else {
                problem(
                    .madeOn, "C1.1", zh: "「\(text)」不是今天或以前的日期（应写作 2025-03-02）",
                    en: "\"\(text)\" is not a date up to today (write 2025-03-02)")
            }
        }
        guard let text = value(.copyStates) else { return (carried.isEmpty ? nil : carried, problems) }
        let entries: [CopyStateEntry]
        switch CopyStateList.parse(text) {
        case .success(let parsed): entries = parsed
        case .failure(let unreadable):
            problem(.copyStates, "C0", zh: unreadable.message.zh, en: unreadable.message.en)
            return (nil, problems)
        }
        // Every copy once: 1…N as made, and any made later by copying (C1.2, C5.3).
        let serials = entries.map(\.serial)
        let repeated = Set(serials.filter { serial in serials.filter { $0 == serial }.count > 1 }).sorted()
        if !repeated.isEmpty {
            problem(
                .copyStates, "C1.2", zh: "第\(list(repeated))份写了不止一次",
                en: "Copies \(list(repeated, ", ")) are listed more than once")
        }
        if let copyCount {
            let missing = (1...max(1, copyCount)).filter { !serials.contains($0) }
            if !missing.isEmpty {
                problem(
                    .copyStates, "C1.2", zh: "份数为 \(copyCount)，缺少第\(list(missing))份的状态",
                    en: "The carrier has \(copyCount) copies; copies \(list(missing, ", ")) are missing")
            }
        }
        for entry in entries.sorted(by: { $0.serial < $1.serial }) {
            if let copy = carriedCopy(
                entry, level: level, today: today,
                report: { zh, en, rule in
                    problem(.copyStates, rule, zh: "第\(entry.serial)份：\(zh)", en: "Copy \(entry.serial): \(en)")
                })
            {
                carried.copies.append(copy)
            }
        }
        return (carried, problems)
    }

    /// One copy's state, its whereabouts resolved to the place, department and person they name (anything else is
    /// the outside recipient or repairer); nil after reporting what is wrong.
    private func carriedCopy(
        _ entry: CopyStateEntry, level: LevelDefinition?, today: String,
        report: (_ zh: String, _ en: String, _ rule: String?) -> Void
    ) -> CarriedOver.Copy? {
        var copy = CarriedOver.Copy(serial: entry.serial, state: entry.state, since: entry.since)
        if let since = entry.since, since > today {
            report("日期 \(since) 在今天之后", "the date \(since) is after today", "C0")
            return nil
        }
        var outside: [String] = []
        for field in entry.whereabouts {
            if copy.placeID == nil, let place = directory.places[field] {
                guard place.isActive else {
                    report("存放位置「\(place.name)」已停用", "the storage place \(place.name) is no longer in use", "C6")
                    return nil
                }
                // The same check as placing a copy by hand (C6).
                if let level, let placeLevel = catalogue.definition(place.maxLevel),
                    let refusal = CarrierRules.checkPlace(
                        copyLevel: level, placeLevel: placeLevel, placeKind: place.kind, placeName: place.name
                    ).refusal
                {
                    report(refusal.reason.zh, refusal.reason.en, refusal.rule.rawValue)
                    return nil
                }
                copy.placeID = place.id
            } else if entry.state == .inTransit, copy.receivingDepartmentID == nil, let unit = directory.units[field] {
                copy.receivingDepartmentID = unit
            } else if copy.holderID == nil, let person = directory.people[field] {
                copy.holderID = person.id
            } else {
                outside.append(field)
            }
        }
        copy.counterpart = outside.joined(separator: " ")
        switch entry.state {
        case .stored where copy.placeID == nil:
            let known = directory.places.keys.sorted().prefix(12).joined(separator: "、")
            report(
                "在库的载体份须写明存放位置编号" + (outside.isEmpty ? "" : "（「\(copy.counterpart)」不是存放位置编号）")
                    + (known.isEmpty ? "" : "，已有：\(known)"),
                "a stored copy needs its storage place's code"
                    + (outside.isEmpty ? "" : " (\"\(copy.counterpart)\" is none)"), "C6")
            return nil
        case .registered where !outside.isEmpty:
            report(
                "没有工号为「\(copy.counterpart)」的人员", "nobody has the employee number \"\(copy.counterpart)\"", "A2")
            return nil
        case .inTransit where copy.receivingDepartmentID == nil && outside.isEmpty:
            report("请写明接收部门编码或外单位名称", "name the receiving department's code or the outside unit", "C3")
            return nil
        case .underRepair where outside.isEmpty:
            report("请写明维修单位", "name the repairer", "C7")
            return nil
        case .onLoan, .carriedOut:
            // A loan is a request with its approvals, its borrower's account and its due date (A6, L1.9): a cell
            // cannot carry them, and a copy marked lent without its loan could never be returned.
            report(
                "借出或外带中的载体份须先归还，再导出迁入；迁入后如需继续使用，重新办理借阅",
                "a copy on loan or carried out is returned before it moves in; lend it again afterwards", "C4")
            return nil
        case .pendingDestruction:
            report(
                "待销毁的载体份须先完成销毁或移出销毁批次，再导出迁入", "finish or leave the destruction batch before moving the copy in",
                "C8")
            return nil
        default:
            return copy
        }
    }

    private func list(_ serials: [Int], _ separator: String = "、") -> String {
        serials.map(String.init).joined(separator: separator)
    }
}
