import Foundation

/// One step of a person's agreement, with the day it happened (`YYYY-MM-DD`).
public enum AgreementStep: Hashable, Sendable {
    /// The person signs (本人签字).
    case signByPerson(on: String)
    /// The unit signs and seals (单位签章).
    case signByUnit(on: String)
    /// The agreement ends (终止): expiry, change of agreement, unpaid remuneration (T15) …
    case end(on: String, reason: String)
    /// The person refuses to sign (T9): recorded, and it blocks the secret post.
    case refuse(on: String, reason: String)

    public var day: String {
        switch self {
        case .signByPerson(let day), .signByUnit(let day), .end(let day, _), .refuse(let day, _): day
        }
    }
}

/// What an agreement holds before a step: its state and the days already recorded.
public struct AgreementFacts: Hashable, Sendable {
    public var state: AgreementState
    public var personSignedOn: String?
    public var unitSignedOn: String?
    public var inForceFrom: String?

    public init(state: AgreementState, personSignedOn: String?, unitSignedOn: String?, inForceFrom: String?) {
        self.state = state
        self.personSignedOn = personSignedOn
        self.unitSignedOn = unitSignedOn
        self.inForceFrom = inForceFrom
    }
}

/// The outcome of an allowed step: the new state and the days to record.
public struct AgreementOutcome: Hashable, Sendable {
    public var state: AgreementState
    public var personSignedOn: String?
    public var unitSignedOn: String?
    /// Set when the step completes the second signature (T15: binding from the later of the two days).
    public var inForceFrom: String?
    public var endedOn: String?
    public var reason: String?
}

/// The transitions of a person's agreement (T15, T9): draft → signed by one side → in force once both sides sign
/// (from the later signature's day) → ended; a refusal to sign ends the draft as `refused`. Pure: every way in
/// (page, API, demo) asks it, and the repository applies the outcome only if the row still is in the state read.
public enum AgreementTransition {
    public static func apply(
        _ step: AgreementStep, to facts: AgreementFacts, today: String
    ) -> Result<
        AgreementOutcome, Refusal
    > {
        let day = step.day
        guard CalendarDay(day) != nil else {
            return .failure(Refusal(rule: .s4, zh: "日期「\(day)」无效，应为 YYYY-MM-DD", en: "Not a day: \(day)"))
        }
        if day > today {
            return .failure(
                Refusal(rule: .s4, zh: "日期 \(day) 晚于今天，不能预先登记", en: "The day \(day) is in the future"))
        }
        var outcome = AgreementOutcome(
            state: facts.state, personSignedOn: facts.personSignedOn, unitSignedOn: facts.unitSignedOn,
            inForceFrom: facts.inForceFrom)
        switch step {
        case .signByPerson, .signByUnit:
            let byPerson = if case .signByPerson = step { true } else { false }
            let signedAlready = byPerson ? facts.personSignedOn != nil : facts.unitSignedOn != nil
            guard facts.state.awaitsSignature, !signedAlready else {
                return .failure(notFrom(facts.state, step: byPerson ? "本人签字" : "单位签章", rule: RuleID("T15")))
            }
            if byPerson { outcome.personSignedOn = day } else { outcome.unitSignedOn = day }
            if let person = outcome.personSignedOn, let unit = outcome.unitSignedOn {
                // Binding once both sides have signed (第十五条), from the later of the two signatures.
                outcome.state = .inForce
                outcome.inForceFrom = max(person, unit)
            } else {
                outcome.state = byPerson ? .signedByPerson : .signedByUnit
            }
        case .end(_, let reason):
            guard facts.state == .inForce else {
                return .failure(notFrom(facts.state, step: "终止", rule: RuleID("T15")))
            }
            if let from = facts.inForceFrom, day < from {
                return .failure(
                    Refusal(
                        rule: RuleID("T15"), zh: "终止日期 \(day) 早于生效日期 \(from)",
                        en: "The end \(day) is before the agreement took effect on \(from)"))
            }
            guard let reason = reasonGiven(reason) else { return .failure(reasonMissing("终止", rule: RuleID("T15"))) }
            outcome.state = .ended
            outcome.endedOn = day
            outcome.reason = reason
        case .refuse(_, let reason):
            // Only the person refuses, and only what they have not signed (第九条).
            guard facts.state.awaitsSignature, facts.personSignedOn == nil else {
                return .failure(notFrom(facts.state, step: "登记拒签", rule: RuleID("T9")))
            }
            guard let reason = reasonGiven(reason) else { return .failure(reasonMissing("拒签", rule: RuleID("T9"))) }
            outcome.state = .refused
            outcome.endedOn = day
            outcome.reason = reason
        }
        return .success(outcome)
    }

    private static func reasonGiven(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(500))
    }

    private static func reasonMissing(_ step: String, rule: RuleID) -> Refusal {
        Refusal(rule: rule, zh: "\(step)须写明原因", en: "A reason is needed")
    }

    private static func notFrom(_ state: AgreementState, step: String, rule: RuleID) -> Refusal {
        Refusal(
            rule: rule, zh: "协议当前为「\(state.title.zh)」，不能\(step)",
            en: "The agreement is \(state.title.en.lowercased()): this step does not apply")
    }
}
