import BaomiDomain
import BaomiPersistence
import Foundation
import Vapor

/// The filters of a list, search or export, read strictly (S4, #12): an unknown value, a code or id that names
/// nothing, a number out of range or a parameter given twice is a field error naming what is accepted — collected,
/// then thrown together as a 400 (`RequestFailure.invalidFields`) — never an empty list that looks like an answer.
/// On a page an empty value means "no filter", as the "（全部）" option sends it; the API takes the published
/// contract literally, so there an empty value is a value (and `level=` a 400), while empty text is no filter.
/// The API and the pages read the same parameters through this one reader.
struct QueryParameters {
    private var values: [String: String] = [:]
    private(set) var errors: [FieldError] = []
    /// The names whose value is a well-formed code or id that names nothing.
    private var unknownReferences: Set<String> = []
    private let emptyMeansAbsent: Bool

    init(_ request: Request) {
        self.init(query: request.url.query, emptyMeansAbsent: !request.isAPI)
    }

    init(query: String?, emptyMeansAbsent: Bool = true) {
        self.emptyMeansAbsent = emptyMeansAbsent
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if values[name] != nil {
                fail(name, zh: "参数 \(name) 只能给一次", en: "Give \(name) once")
            }
            values[name] = value.trimmed
        }
    }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    /// The parameters as given, for links that keep the filters.
    var all: [String: String] { values }

    /// The value, or nil when absent (or, on a page, empty).
    func raw(_ name: String) -> String? {
        values[name].flatMap { emptyMeansAbsent && $0.isEmpty ? nil : $0 }
    }

    mutating func fail(_ name: String, zh: String, en: String) {
        errors.append(FieldError(field: name, message: LocalizedText(zh: zh, en: en)))
    }

    /// Throws the collected errors as one 400.
    func check() throws {
        guard !errors.isEmpty else { return }
        throw RequestFailure.invalidFields(
            errors, unknownReference: errors.allSatisfy { unknownReferences.contains($0.field) })
    }

    /// Free text up to `maxLength` characters; empty text is no filter.
    mutating func text(_ name: String, maxLength: Int) -> String? {
        guard let value = raw(name), !value.isEmpty else { return nil }
        guard value.unicodeScalars.count <= maxLength else {
            fail(name, zh: "\(name) 至多 \(maxLength) 个字符", en: "\(name) takes at most \(maxLength) characters")
            return nil
        }
        return value
    }

    /// One of a fixed list of words; anything else is refused with the list.
    mutating func oneOf(_ name: String, _ accepted: [String]) -> String? {
        guard let value = raw(name) else { return nil }
        guard accepted.contains(value) else {
            let list = accepted.joined(separator: ", ")
            fail(
                name, zh: "\(name) 不能是「\(value)」，只能是 \(list)", en: "\(name) cannot be “\(value)”; it is one of \(list)")
            return nil
        }
        return value
    }

    /// A value of a string enumeration, refused with the list of its cases.
    mutating func choice<Value: RawRepresentable & CaseIterable>(_ name: String, _ type: Value.Type) -> Value?
    where Value.RawValue == String {
        oneOf(name, Value.allCases.map(\.rawValue)).flatMap(Value.init(rawValue:))
    }

    /// `1` or `0` (also `true`/`false`); absent is false.
    mutating func flag(_ name: String) -> Bool {
        oneOf(name, ["1", "0", "true", "false"]).map { $0 == "1" || $0 == "true" } ?? false
    }

    /// A whole number within `range`.
    mutating func integer(_ name: String, _ range: ClosedRange<Int>) -> Int? {
        guard let value = raw(name) else { return nil }
        guard value.allSatisfy(\.isASCII), let number = Int(value), range.contains(number) else {
            fail(
                name, zh: "\(name) 须为 \(range.lowerBound)–\(range.upperBound) 的整数，而不是「\(value)」",
                en: "\(name) is a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(value)\"")
            return nil
        }
        return number
    }

    /// A calendar date `YYYY-MM-DD`.
    mutating func date(_ name: String) -> String? {
        guard let value = raw(name) else { return nil }
        switch CalendarDay.parse(value, field: name, label: LocalizedText(zh: name, en: name)) {
        case .success(let day): return day.description
        case .failure(let error):
            fail(name, zh: error.message.zh, en: error.message.en)
            return nil
        }
    }

    /// A level of the catalogue (A1), refused with the catalogue's codes.
    mutating func level(_ name: String, catalogue: LevelCatalogue) -> String? {
        oneOf(name, catalogue.levels.map(\.id.rawValue))
    }

    /// The longest code or UUID a lookup reads (the published `maxLength`).
    static let codeLength = 100

    /// A department or unit by its UUID or its code, refused as "部门编码 D06 不存在" when it names none.
    mutating func department(_ name: String, units: [OrgUnitModel]) -> UUID? {
        guard let value = text(name, maxLength: Self.codeLength) else { return nil }
        if let unit = units.first(where: { $0.id.map { UUID(uuidString: value) == $0 } ?? false || $0.code == value }) {
            return unit.id
        }
        unknownReferences.insert(name)
        fail(
            name, zh: "部门编码 \(value) 不存在（请给出部门的编码或 UUID）",
            en: "No department \(value) (give a department's code or UUID)")
        return nil
    }

    /// A storage place by its UUID or its code (C6).
    mutating func place(_ name: String, places: [StoragePlaceModel]) -> UUID? {
        guard let value = text(name, maxLength: Self.codeLength) else { return nil }
        if let place = places.first(where: { $0.id.map { UUID(uuidString: value) == $0 } ?? false || $0.code == value })
        {
            return place.id
        }
        unknownReferences.insert(name)
        fail(
            name, zh: "存放位置编号 \(value) 不存在（请给出存放位置的编号或 UUID）",
            en: "No storage place \(value) (give a place's code or UUID)")
        return nil
    }
}
