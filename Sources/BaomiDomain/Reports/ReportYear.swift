/// The year a report covers (the self-inspection report is annual, I2): four digits, from 2000 to next year.
public enum ReportYear {
    public static let earliest = 2000

    /// nil for an empty or missing value; a refusal naming the field for anything else that is not a year.
    public static func parse(_ text: String?, currentYear: Int) throws(DomainError) -> Int? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        guard text.count == 4, text.allSatisfy(\.isASCII), let year = Int(text), year >= earliest,
            year <= currentYear + 1
        else {
            throw .invalid(
                field: "year", zh: "年份须为 \(earliest)–\(currentYear + 1) 之间的四位数字，而不是「\(text)」",
                en: "The year must be four digits from \(earliest) to \(currentYear + 1), not \"\(text)\"")
        }
        return year
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        Substring(self).trimmingWhitespace()
    }
}
