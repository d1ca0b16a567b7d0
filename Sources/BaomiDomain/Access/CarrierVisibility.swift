import Foundation

/// How much of a carrier one viewer may see on any surface: a page, an API answer, a notice, a task, a finding, an
/// e-mail, a register, a report, an export, the audit trail (DESIGN principle 11).
public enum CarrierSight: Hashable, Sendable {
    /// Everything — title, marking, number: the access decision lets the viewer read it (A2, A3).
    case full
    /// An opaque reference only, saying which record and nothing of what it holds, where the viewer's duty needs
    /// to point at it: the holder of a copy, the person a finding or task is addressed to, an auditor following an
    /// account's actions.
    case reference
    /// Nothing, not even that it exists: no row, no count.
    case hidden
}

/// The one function every surface that names a carrier asks (DESIGN principle 11), built on the one access
/// decision: what the decision lets the viewer read is shown in full; anything else is at most an opaque reference,
/// and only where the surface exists to tell this viewer about that record.
public enum CarrierVisibility {
    /// - Parameters:
    ///   - object: the carrier as the access decision sees it; nil when it could not be found, which shows no more
    ///     than a refused one.
    ///   - duty: whether this surface points this viewer at this record for a reason of their own (a task, a
    ///     finding, a copy they hold, an audit record they review).
    public static func sight(
        _ subject: AccessSubject, _ object: AccessObject?, duty: Bool, postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) -> CarrierSight {
        if let object,
            AccessDecision.decide(subject, .read, object, postClasses: postClasses, levels: levels).isAllowed
        {
            return .full
        }
        return duty ? .reference : .hidden
    }

    /// Whether a viewer is refused every carrier whatever it is — an administrator (S1), or a person who is leaving,
    /// departed or in 脱密期 (A4, A7) — so that nothing about the carriers needs to be looked up.
    public static func seesNone(_ subject: AccessSubject) -> Bool {
        !subject.roleMask.isDisjoint(with: .administrators) || subject.barred != nil
    }

    /// The opaque reference: the first eight hex digits of the record's random identifier. It tells a reviewer
    /// which record two entries share and nothing of the carrier's title, number, level or marking.
    public static func reference(_ carrierID: UUID?) -> LocalizedText {
        guard let carrierID else { return LocalizedText(zh: "载体（未登记）", en: "carrier (not registered)") }
        let code = String(carrierID.uuidString.prefix(8))
        return LocalizedText(zh: "载体〔\(code)〕", en: "carrier 〔\(code)〕")
    }
}
