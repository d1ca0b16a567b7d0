/// The identifier of a rule in `spec/REQUIREMENTS.md` (T8, C5.1, S1…).
///
/// Every refusal carries one so that a user, an inspector or a developer can trace a behaviour back to the clause
/// that demands it.
public struct RuleID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// T4: working group, managing department, one secrecy officer per department.
    public static let t4 = RuleID("T4")
    /// T5.2: secrecy officers keep their department's secrecy file.
    public static let t5_2 = RuleID("T5.2")
    /// A5: every read, change and denial is an audit event.
    public static let a5 = RuleID("A5")
    /// S1: three-role separation (三员分立).
    public static let s1 = RuleID("S1")
    /// S2: the audit trail is append-only and tamper-evident.
    public static let s2 = RuleID("S2")
    /// S3: strong authentication — password policy, lockout, session timeout, second factor.
    public static let s3 = RuleID("S3")
    /// S4: bad input never corrupts state.
    public static let s4 = RuleID("S4")
}
