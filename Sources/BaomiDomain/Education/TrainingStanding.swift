import Foundation

/// Where a person stands against each training duty on a day (E1–E6.7), from their credits alone: the training
/// record page, the 涉密人员台账's training columns and the gate read the same answer.
public struct TrainingStanding: Hashable, Sendable {
    /// The newest credit of each purpose, `YYYY-MM-DD`.
    public var latest: [TrainingPurpose: String]
    public var today: String
    public var prePostValidityMonths: Int

    public init(credits: [TrainingCredit], today: String, prePostValidityMonths: Int) {
        var latest: [TrainingPurpose: String] = [:]
        for credit in credits where credit.earnedOn > latest[credit.purpose, default: ""] {
            latest[credit.purpose] = credit.earnedOn
        }
        self.init(latest: latest, today: today, prePostValidityMonths: prePostValidityMonths)
    }

    public init(latest: [TrainingPurpose: String], today: String, prePostValidityMonths: Int) {
        self.latest = latest
        self.today = today
        self.prePostValidityMonths = prePostValidityMonths
    }

    /// Refresher training is annual (E1–E4): it counts for twelve months.
    public static let refresherMonths = 12

    /// The newest credit of any purpose: the register's 最近培训日期.
    public var lastTrained: String? { latest.values.max() }

    /// The pre-post credit counts today (E6.6(3)).
    public var prePostCurrent: Bool {
        TrainingGate.isCurrent(latest[.prePost], today: today, validityMonths: prePostValidityMonths)
    }

    /// An annual refresher within twelve months; a pre-post training within the same period counts as one, since
    /// it covers at least as much.
    public var refresherCurrent: Bool {
        [latest[.refresher], latest[.prePost]].contains {
            TrainingGate.isCurrent($0, today: today, validityMonths: Self.refresherMonths)
        }
    }

    /// The day the refresher falls due (a year after the later of the two), nil when never trained.
    public var refresherDue: String? {
        [latest[.refresher], latest[.prePost]].compactMap { $0 }.max()
            .flatMap { TrainingGate.expiry(of: $0, validityMonths: Self.refresherMonths) }
    }

    public var hasInduction: Bool { latest[.induction] != nil }
    public var hasOnPost: Bool { latest[.onPost] != nil }
}
