import BaomiDomain
import Foundation

/// One numbered copy as the carrier ledger's 各份状态 column writes it: its serial, its state, where it is and since
/// when — what an export carries and an import takes over (C0, C1.2).
public struct CopyStateEntry: Sendable, Hashable {
    public var serial: Int
    public var state: CopyState
    /// Where it is, as codes and names an import resolves one by one: the storage place's code, the receiving
    /// department's code (in transit inside), the outside recipient or repairer, the holder's employee number — each
    /// that applies, in that order; none for a copy destroyed.
    public var whereabouts: [String]
    /// `YYYY-MM-DD`, the day of the last change (the copy ledger's 最后变动日期).
    public var since: String?

    public init(serial: Int, state: CopyState, whereabouts: [String] = [], since: String? = nil) {
        self.serial = serial
        self.state = state
        self.whereabouts = whereabouts
        self.since = since
    }
}

/// The text of the 各份状态 cell, e.g. `第1份：在库，DA-ZK-01，2026-03-02；第2份：丢失，2026-05-01`: one entry per copy,
/// separated by `；`, each a serial, then its state, whereabouts and date separated by `，` (half-width `;` and `,`
/// read the same, and so do English words such as `No. 1: stored, DA-ZK-01`).
public enum CopyStateList {
    public static func text(_ entries: [CopyStateEntry], language: Language = .zh) -> String {
        entries.map { entry in
            // The cell's own separators would split an entry: a recipient's name keeps its meaning with 、 and spaces.
            let whereabouts = entry.whereabouts.map {
                $0.replacingOccurrences(of: "；", with: "、").replacingOccurrences(of: ";", with: "、")
                    .replacingOccurrences(of: "，", with: " ").replacingOccurrences(of: ",", with: " ").trimmed
            }
            let fields = ([entry.state.title.text(in: language)] + whereabouts + [entry.since ?? ""]).filter {
                !$0.isEmpty
            }
            return language == .en
                ? "No. \(entry.serial): " + fields.joined(separator: ", ")
                : "第\(entry.serial)份：" + fields.joined(separator: "，")
        }.joined(separator: language == .en ? "; " : "；")
    }

    /// Why a cell cannot be read: every entry that could not be, named.
    public struct Unreadable: Error, Sendable, Hashable {
        public var message: LocalizedText
    }

    /// Reads the cell back; every entry that cannot be read is named in the message.
    public static func parse(_ text: String) -> Result<[CopyStateEntry], Unreadable> {
        var entries: [CopyStateEntry] = []
        var unreadable: [String] = []
        for part in text.split(whereSeparator: { "；;\n".contains($0) }) {
            let entry = String(part).trimmed
            if entry.isEmpty { continue }
            if let parsed = Self.entry(entry) {
                entries.append(parsed)
            } else {
                unreadable.append(entry)
            }
        }
        if !unreadable.isEmpty {
            let states = CopyState.allCases.map(\.title.zh).joined(separator: "、")
            return .failure(
                Unreadable(
                    message: LocalizedText(
                        zh: "无法识别「\(unreadable.joined(separator: "；"))」：每份写作「第1份：在库，存放位置编号，2026-03-02」，状态为\(states)",
                        en: "Cannot read \"\(unreadable.joined(separator: "; "))\": write each copy as "
                            + "\"No. 1: stored, place code, 2026-03-02\"; states are "
                            + CopyState.allCases.map(\.rawValue).joined(separator: ", "))))
        }
        return .success(entries)
    }

    private static func entry(_ text: String) -> CopyStateEntry? {
        guard let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
        var head = String(text[..<colon]).trimmed
        for prefix in ["第", "No.", "No", "no.", "no", "#"] where head.hasPrefix(prefix) {
            head = String(head.dropFirst(prefix.count)).trimmed
        }
        if head.hasSuffix("份") { head = String(head.dropLast()).trimmed }
        guard let serial = Int(head), serial > 0 else { return nil }
        var fields = text[text.index(after: colon)...].split(whereSeparator: { $0 == "，" || $0 == "," })
            .map { String($0).trimmed }
        guard let word = fields.first, let state = state(word) else { return nil }
        fields.removeFirst()
        var since: String?
        if let last = fields.last, let day = day(last) {
            since = day
            fields.removeLast()
        }
        return CopyStateEntry(serial: serial, state: state, whereabouts: fields.filter { !$0.isEmpty }, since: since)
    }

    /// A state by its code word, Chinese or English title, or a word ledgers use for it.
    public static func state(_ word: String) -> CopyState? {
        let key = word.trimmed.lowercased()
        let aliases: [String: CopyState] = [
            "登记": .registered, "待入库": .registered, "在册": .stored, "存放": .stored, "借阅": .onLoan, "借阅中": .onLoan,
            "外借": .onLoan, "携带外出": .carriedOut, "传递": .inTransit, "发出": .dispatched, "已发": .dispatched,
            "送修": .underRepair, "维修": .underRepair, "销毁": .destroyed, "遗失": .lost, "解密": .declassified,
        ]
        if let alias = aliases[key] { return alias }
        return CopyState.allCases.first {
            $0.rawValue.lowercased() == key || $0.title.zh == key || $0.title.en.lowercased() == key
        }
    }

    /// `YYYY-MM-DD` from a date as ledgers and spreadsheets write it (2026-3-2, 2026/03/02, 2026.3.2).
    static func day(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let text = "\(year.zeroPadded(4))-\(month.zeroPadded(2))-\(day.zeroPadded(2))"
        return SecrecyPeriod.isDate(text) ? text : nil
    }
}
