import Foundation

/// Something a person could attend or pass to earn a credit of a purpose: an upcoming session, or (once exams
/// exist) an open exam. The gate's refusal names them, so it says what would satisfy it.
public struct TrainingOffering: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case session
        case exam
    }

    public var kind: Kind
    public var id: UUID
    public var title: String
    /// `YYYY-MM-DD`: the session's day, or the exam's last open day.
    public var on: String

    public init(kind: Kind, id: UUID, title: String, on: String) {
        self.kind = kind
        self.id = id
        self.title = title
        self.on = on
    }

    /// `2027-01-12「上岗前保密专项培训」` for a session; `「上岗前保密考试」（在线考试，2027-01-31 截止）` for an exam.
    public var label: String {
        switch kind {
        case .session: "\(on)「\(title)」"
        case .exam: "「\(title)」（在线考试，\(on) 截止）"
        }
    }
}

/// The gate before a secret post (E6.6(3), A4): nobody is given or raised to a secret-post class without the
/// pre-post training passed within its validity. Lowering or withdrawing a class is never gated: it only takes
/// access away.
public enum TrainingGate {
    /// How long a pre-post credit counts, unless the organisation configured another number (T30).
    public static let defaultValidityMonths = 12

    /// Whether moving from `current` to `requested` gives the person more than they had.
    public static func raises(from current: SecretPostClass, to requested: SecretPostClass) -> Bool {
        let rank = SecretPostClass.descending.reversed()
        guard let from = rank.firstIndex(of: current), let to = rank.firstIndex(of: requested) else { return false }
        return to > from
    }

    /// The first day a credit earned on `earnedOn` no longer counts.
    public static func expiry(of earnedOn: String, validityMonths: Int) -> String? {
        CalendarDay(earnedOn)?.adding(months: validityMonths)?.description
    }

    /// Whether a credit earned on `earnedOn` still counts on `today`.
    public static func isCurrent(_ earnedOn: String?, today: String, validityMonths: Int) -> Bool {
        guard let earnedOn, let expiry = expiry(of: earnedOn, validityMonths: validityMonths) else { return false }
        return earnedOn <= today && today < expiry
    }

    /// The decision on a change of post class (E6.6(3)): allowed when it does not raise the class, or when the
    /// latest pre-post credit still counts; otherwise refused naming what would satisfy it.
    public static func decide(
        from current: SecretPostClass, to requested: SecretPostClass, latestPrePost: String?, today: String,
        validityMonths: Int, offerings: [TrainingOffering]
    ) -> Decision {
        guard raises(from: current, to: requested),
            !isCurrent(latestPrePost, today: today, validityMonths: validityMonths)
        else { return .allowed }
        let had =
            latestPrePost.map {
                (
                    zh: "最近一次上岗前培训（\($0)）已超过 \(validityMonths) 个月有效期",
                    en: "the latest (\($0)) is older than \(validityMonths) months"
                )
            } ?? (zh: "尚无上岗前保密专项培训记录", en: "none is recorded")
        let listed = offerings.prefix(5).map(\.label)
        let offer =
            listed.isEmpty
            ? (zh: "目前没有安排上岗前培训，请保密办安排", en: "none is scheduled yet: the security office must schedule one")
            : (zh: "可参加：" + listed.joined(separator: "、"), en: "it can be earned at: " + listed.joined(separator: ", "))
        return .refused(
            Refusal(
                rule: RuleID("E6.6(3)"),
                zh: "上岗前须经保密专项培训并考核合格，\(had.zh)；\(offer.zh)",
                en:
                    "Entering a secret post needs the pre-post secrecy training passed within \(validityMonths) months: "
                    + "\(had.en); \(offer.en)"))
    }
}
