import Foundation

/// An account's e-mail address for the daily digest (REMIND): ASCII `local@domain`, with nothing in it that could
/// end a mail header line or smuggle in another recipient.
public enum EmailAddress {
    /// RFC 5321's limit on a path (4.5.3.1.3), less the angle brackets.
    public static let maximumLength = 254

    /// The address trimmed, nil when empty (no address), or an `email` field error in both languages.
    public static func parse(_ text: String?) throws(DomainError) -> String? {
        let trimmed = (text ?? "").trimmed
        if trimmed.isEmpty { return nil }
        guard isValid(trimmed) else {
            throw DomainError.invalid(
                field: "email", zh: "电子邮箱地址无效，应形如 zhangsan@example.cn",
                en: "Not a valid e-mail address; it should look like zhangsan@example.cn")
        }
        return trimmed
    }

    /// A dot-atom local part (RFC 5322 3.2.3) of at most 64 characters and a domain of letter-digit-hyphen labels;
    /// single-label intranet domains are allowed. Quoted local parts and address literals are not.
    public static func isValid(_ address: String) -> Bool {
        guard address.utf8.count <= maximumLength, address.allSatisfy(\.isASCII) else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        guard (1...64).contains(local.utf8.count), (1...253).contains(domain.utf8.count) else { return false }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
        let localAtoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard localAtoms.allSatisfy({ !$0.isEmpty && $0.allSatisfy(atext.contains) }) else { return false }
        let ldh = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.allSatisfy(ldh.contains) && label.first != "-"
                && label.last != "-"
        }
    }
}
