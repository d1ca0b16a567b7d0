import Foundation

/// What a printed form's QR code holds (S2, DESIGN principle 12): the index and hash of one leaf of the audit log,
/// so the paper can be checked against the log years later (`/verify`, `baomi audit prove`).
///
/// Written `baomi:leaf:<index>:<64 lowercase hex digits>`. Reading is lenient about case and surrounding space (a
/// scanner or a hand may add either) and also takes a `/verify?…` address whose `q` names such a text, or the
/// bare index (the hash is then unknown and only the log's own record is proven).
public struct AuditLeafReference: Hashable, Sendable, Codable {
    public static let prefix = "baomi:leaf:"

    public var index: Int64
    /// The leaf hash the paper claims, lowercase hex; nil when only the index was given.
    public var hash: String?

    public init(index: Int64, hash: String?) {
        self.index = index
        self.hash = hash?.lowercased()
    }

    /// The text the QR code encodes.
    public var text: String {
        Self.prefix + "\(index)" + (hash.map { ":" + $0 } ?? "")
    }

    /// Reads the QR text, a verify address holding it, or a bare leaf index; nil for anything else.
    public init?(parsing input: String) {
        var text = Substring(input.trimmingCharacters(in: .whitespacesAndNewlines))
        if let query = text.firstIndex(of: "?") {
            // A scanned address: `…/verify?q=baomi:leaf:…` (the colon may arrive percent-encoded).
            let parameters = text[text.index(after: query)...].split(separator: "&")
            guard let q = parameters.first(where: { $0.hasPrefix("q=") }) else { return nil }
            text = Substring(String(q.dropFirst(2)).removingPercentEncoding ?? "")
        }
        if text.lowercased().hasPrefix(Self.prefix) { text = text.dropFirst(Self.prefix.count) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let index = Int64(parts[0]), index >= 0 else { return nil }
        guard parts.count == 2 else {
            self.init(index: index, hash: nil)
            return
        }
        let hash = parts[1].lowercased()
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        self.init(index: index, hash: hash)
    }
}
