import Foundation

/// Whether a carrier may be registered (DESIGN principle 1): the one check that every way in asks — the page, the
/// API, `baomi import carriers` (with `--as` and without), the demo — through `CarrierRepository.register`, and that
/// an import also asks before it writes anything. The draft itself is already checked by `CarrierDraft.parse`
/// (C1.1: level, period, scope, copies; C9); this decides what depends on who registers and what the register holds.
public enum CarrierRegistration {
    /// Who registers.
    public enum Registrar: Sendable, Hashable {
        /// An account, as the access decision sees it: roles, department, clearance, any bar.
        case account(AccessSubject)
        /// Baomi itself: `baomi import carriers` without `--as`. It has no person, so the rules about the registering
        /// person (A2, A4, T5.2) do not apply; every rule about the carrier and the people it names does, and the
        /// new copies are held by nobody until they are placed (C6).
        case system
    }

    /// The classifying official the draft names, as the register knows them now (T5.1).
    public struct Classifier: Sendable, Hashable {
        public var name: String
        public var authority: LevelID?
        public var subject: AccessSubject

        public init(name: String, authority: LevelID?, subject: AccessSubject) {
            self.name = name
            self.authority = authority
            self.subject = subject
        }
    }

    /// What the register knows at the moment of registering.
    public struct Facts: Sendable {
        public var registrar: Registrar
        /// Who will hold the new copies when it is not the registrar themselves (A2, A4).
        public var holder: AccessSubject?
        /// The official the draft names, or nil when it names none or nobody by that id exists.
        public var classifier: Classifier?
        /// Carriers already registered under the draft's 文号 (including earlier rows of the same import).
        public var carriersWithDocumentNumber: Int
        /// Today in the organisation's time zone, `YYYY-MM-DD`.
        public var today: String

        public init(
            registrar: Registrar, holder: AccessSubject? = nil, classifier: Classifier?,
            carriersWithDocumentNumber: Int, today: String
        ) {
            self.registrar = registrar
            self.holder = holder
            self.classifier = classifier
            self.carriersWithDocumentNumber = carriersWithDocumentNumber
            self.today = today
        }
    }

    /// Every reason the registration is refused, each on its field, or none.
    public static func check(
        _ draft: CarrierDraft, _ facts: Facts, postClasses: PostClassCatalogue, levels: LevelCatalogue
    ) -> [FieldError] {
        var errors: [FieldError] = []
        func refuse(_ field: String, _ decision: Decision) {
            if let refusal = decision.refusal {
                errors.append(FieldError(field: field, rule: refusal.rule, message: refusal.reason))
            }
        }
        let label = SecurityLabel(level: draft.level)
        if case .account(let registrar) = facts.registrar {
            // T5.2: the security office registers for every department, a secrecy officer for their own.
            refuse(
                "departmentID",
                CarrierStewardship.decide(
                    roles: registrar.roles, viewerDepartment: registrar.departmentID,
                    carrierDepartment: draft.departmentID))
            // A2, A4: nobody records what they could not themselves read; the copies start in their hands.
            refuse(
                "level",
                AccessDecision.register(
                    registrar, label: label, levelName: draft.level.name, postClasses: postClasses, levels: levels))
        }
        if let holder = facts.holder {
            refuse(
                "level",
                CopyCustody.check(
                    holder: holder, label: label, levelName: draft.level.name,
                    postClasses: postClasses, levels: levels))
        }
        if draft.source == .made, let classifierID = draft.classifierID {
            if let classifier = facts.classifier {
                let authority = ClassificationAuthority.check(
                    classifierMaxLevel: classifier.authority, level: draft.level, name: classifier.name, levels: levels)
                refuse("classifierID", authority)
                if authority.isAllowed {
                    refuse(
                        "classifierID",
                        ClassificationAuthority.checkClearance(
                            of: classifier.subject, name: classifier.name, level: draft.level,
                            postClasses: postClasses, levels: levels))
                }
            } else {
                errors.append(
                    FieldError(
                        field: "classifierID", rule: RuleID("T5.1"),
                        message: LocalizedText(
                            zh: "定密责任人不存在（\(classifierID.uuidString)）",
                            en: "No such classifying official (\(classifierID.uuidString))")))
            }
        }
        if let classifiedOn = draft.classifiedOn, classifiedOn > facts.today {
            errors.append(
                FieldError(
                    field: "classifiedOn", rule: RuleID("T5.1"),
                    message: LocalizedText(
                        zh: "「\(CarrierDraft.classifiedOnLabel.zh)」\(classifiedOn) 晚于今天（\(facts.today)），定密日期不能在将来",
                        en: "\(CarrierDraft.classifiedOnLabel.en): \(classifiedOn) is after today (\(facts.today)); "
                            + "a carrier is not classified in the future")))
        }
        if let error = checkDocumentNumber(draft, alreadyRegistered: facts.carriersWithDocumentNumber) {
            errors.append(error)
        }
        return errors
    }

    /// A 文号 names one document: a second carrier under the same 文号 is refused, unless whoever registers it
    /// confirms it and says why (the same document received again, a re-issue…); the reason goes into the audit
    /// trail. The refusal never names the carrier already registered, nor how many: the registrar may not be allowed
    /// to see them (DESIGN principle 11).
    public static func checkDocumentNumber(_ draft: CarrierDraft, alreadyRegistered: Int) -> FieldError? {
        guard !draft.documentNumber.isEmpty, alreadyRegistered > 0, draft.duplicateDocumentNumberReason == nil
        else { return nil }
        return FieldError(
            field: "documentNumber", rule: RuleID("C2"),
            message: LocalizedText(
                zh: "文号「\(draft.documentNumber)」已登记：同一文号只登记一次；若确为另一载体，请确认并写明理由",
                en: "The document number \"\(draft.documentNumber)\" is already registered: one document is registered "
                    + "once; if this is another carrier, confirm it and say why"))
    }
}

/// Who may hold a copy (A2, A4): a person cleared for its level and not barred. Every path that puts a copy in
/// someone's hands asks it — registration (the registrar), copying (the requester), personal retention (the
/// retainer).
public enum CopyCustody {
    public static func check(
        holder: AccessSubject, label: SecurityLabel, levelName: LocalizedText, postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) -> Decision {
        if let barred = holder.barred { return .refused(barred) }
        if holder.clearance.dominates(label) { return .allowed }
        let needed = levels.definition(label.level).flatMap { postClasses.lowestClass(covering: $0, levels: levels) }
        return .refused(
            Refusal(
                rule: RuleID("A2"),
                zh: "持有\(levelName.zh)级载体须\(needed?.title.zh ?? "更高涉密等级")资格，接收人为\(holder.postClass.title.zh)",
                en: "Holding a \(levelName.en) carrier needs \(needed?.title.en ?? "a higher") clearance; the holder "
                    + "holds \(holder.postClass.title.en)"))
    }
}
