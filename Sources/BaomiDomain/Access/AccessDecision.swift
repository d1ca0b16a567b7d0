import Foundation

/// What a person wants to do with a carrier.
public enum AccessAction: String, CaseIterable, Hashable, Sendable {
    /// See its record, list it, find it, export it (阅知).
    case read
    /// Register it and record its lifecycle steps (保密办; the keeping department's secrecy officer, T5.2).
    case manage
    /// Borrow a copy or take it out of the office (借阅、外带; A6, C4).
    case borrow
}

/// The one access decision (A2, A3, A4, DESIGN principle 4). Every page, list, search, export and API operation that
/// shows carrier data asks it — in process for one carrier, or through its SQL twin for a ledger page.
///
/// It runs for every row a page considers, so it allocates nothing and hashes nothing (budget ≤ 100 ns): roles are
/// bits, ranks are slots, scopes are short arrays, and a refusal is worded only when someone reads it.
public enum AccessDecision {
    public static func decide(
        _ subject: AccessSubject, _ action: AccessAction, _ object: AccessObject, postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) -> AccessVerdict {
        func refuse(_ reason: AccessDenial.Reason) -> AccessVerdict {
            .refused(
                AccessDenial(
                    reason: reason, level: object.label.level, levelName: object.levelName,
                    postClass: subject.postClass, postClasses: postClasses, levels: levels))
        }
        let roles = subject.roleMask
        if !roles.isDisjoint(with: .administrators) { return refuse(.administrator) }
        if let barred = subject.barred { return refuse(.barred(barred)) }
        guard let rank = subject.clearance.rank(in: object.label.regime), rank >= object.label.rank else {
            return refuse(.belowLevel)
        }
        if !(object.label.compartments.isEmpty && object.label.groups.isEmpty)
            && !subject.clearance.dominates(object.label)
        {
            return refuse(.missingCompartment)
        }
        let stewards =
            roles.contains(.securityOffice)
            || (roles.contains(.secrecyOfficer) && subject.departmentID.map(object.departments.contains) == true)
        switch action {
        case .manage:
            return stewards ? .allowed : refuse(.notSteward)
        case .read, .borrow:
            return stewards || object.includes(subject) ? .allowed : refuse(.outsideScope)
        }
    }

    /// Registering a carrier: nobody records what they could not themselves read (A2), nor while barred (A4, A7).
    public static func register(
        _ subject: AccessSubject, label: SecurityLabel, levelName: LocalizedText, postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) -> Decision {
        if let barred = subject.barred { return .refused(barred) }
        if subject.clearance.dominates(label) { return .allowed }
        let needed = levels.definition(label.level).flatMap { postClasses.lowestClass(covering: $0, levels: levels) }
        return .refused(
            Refusal(
                rule: RuleID("A2"),
                zh: "登记\(levelName.zh)级载体须\(needed?.title.zh ?? "更高涉密等级")资格，当前为\(subject.postClass.title.zh)",
                en: "Registering a \(levelName.en) carrier needs \(needed?.title.en ?? "a higher") clearance; "
                    + "this person holds \(subject.postClass.title.en)"))
    }
}
