import Foundation
import Vapor

extension Request {
    /// The single-valued fields of a posted form, by name. Forms that also carry lists (`scopePeople[]`) cannot be
    /// decoded as one `[String: String]`, so the body is read field by field; lists are read with
    /// `content.get([String].self, at:)`.
    func formFields() -> [String: String] {
        guard let buffer = body.data, headers.contentType == .urlEncodedForm else { return [:] }
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawKey = parts.first else { continue }
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let key = decode(rawKey)
            if key.hasSuffix("[]") || fields[key] != nil { continue }
            fields[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
