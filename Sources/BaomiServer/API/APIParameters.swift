import BaomiDomain
import Foundation

/// The query parameters the lists share, declared once with everything `QueryParameters` holds them to, so the
/// published document says exactly what the server accepts (#12).
extension APIOperation.Parameter {
    static let flagValues = ["1", "0", "true", "false"]

    static func flag(_ name: String, _ description: String) -> Self {
        .query(name, type: "string", description: description, values: flagValues)
    }

    static func choice<Value: RawRepresentable & CaseIterable>(
        _ name: String, _ type: Value.Type, _ description: String
    ) -> Self where Value.RawValue == String {
        .query(name, type: "string", description: description, values: Value.allCases.map(\.rawValue))
    }

    static func department(_ name: String = "department") -> Self {
        .query(
            name, type: "string", description: "A department's code or UUID; 400 when it names none",
            maxLength: QueryParameters.codeLength)
    }

    static let level = Self.query(
        "level", type: "string", description: "A level of the catalogue (A1)",
        values: LevelCatalogue.nationalDefault.levels.map(\.id.rawValue))

    static func date(_ name: String, _ description: String) -> Self {
        .query(name, type: "string", description: description, format: "date")
    }

    static func text(_ name: String, _ description: String, maxLength: Int) -> Self {
        .query(name, type: "string", description: description, maxLength: maxLength)
    }

    static func integer(
        _ name: String, _ description: String, _ range: ClosedRange<Int>, required: Bool = false
    )
        -> Self
    {
        .query(name, type: "integer", description: description, required: required, range: range)
    }

    /// A report's year: from 2000 to next year.
    static var year: Self {
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        return integer("year", "Four-digit year, 2000 to next year", ReportYear.earliest...(thisYear + 1))
    }
}
