import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// People's agreements (T8, T9, T15, L1.1): the versioned texts, each person's agreement from draft to in force or
/// refused, the scanned signed copy and what is paid under it. Every change and every refusal is audited in the same
/// transaction (`Store.perform`); who may act is the caller's to decide (the security office).
public struct AgreementRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    var today: String { ClearanceRepository.today(clock()) }

    // MARK: Texts

    /// Every version of every kind, newest first within a kind.
    public func texts(on database: any Database) async throws -> [AgreementTextModel] {
        try await AgreementTextModel.query(on: database).sort(\.$kind).sort(\.$version, .descending).all()
    }

    public func text(_ id: UUID, on database: any Database) async throws -> AgreementTextModel {
        guard let text = try await AgreementTextModel.find(id, on: database) else {
            throw DomainError.notFound(zh: "协议文本不存在", en: "No such agreement text")
        }
        return text
    }

    /// The version in force for new drafts: the highest of the kind.
    public func currentText(_ kind: AgreementKind, on database: any Database) async throws -> AgreementTextModel {
        guard
            let text = try await AgreementTextModel.query(on: database).filter(\.$kind == kind.rawValue)
                .sort(\.$version, .descending).first()
        else { throw DomainError.notFound(zh: "\(kind.title.zh)尚无文本", en: "No text for the \(kind.title.en)") }
        return text
    }

    /// A new version of a kind's text (the next number); signed agreements keep the version they were signed on.
    @discardableResult
    public func publish(
        _ kind: AgreementKind, title: String, body: String, by actor: AuditActor, on database: any Database
    ) async throws -> AgreementTextModel {
        try await store.perform(
            on: database, by: actor, .agreementText, subject: AuditSubject(type: "agreementText", id: kind.rawValue)
        ) { transaction, trail in
            var validator = FieldValidator()
            let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
            let body = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty || title.count > 100 {
                validator.add(field: "title", rule: .s4, zh: "标题须为 1–100 个字", en: "A title of 1–100 characters")
            }
            if body.isEmpty || body.count > 20000 {
                validator.add(field: "body", rule: .s4, zh: "正文须为 1–20000 个字", en: "A text of 1–20000 characters")
            }
            try validator.check()
            let latest = try await AgreementTextModel.query(on: transaction).filter(\.$kind == kind.rawValue)
                .sort(\.$version, .descending).first()
            let text = AgreementTextModel()
            text.kind = kind.rawValue
            text.version = (latest?.version ?? 0) + 1
            text.title = title
            text.body = body
            text.publishedByName = actor.name
            text.publishedAt = clock()
            // Two publishers at once: the unique (kind, version) lets one win; the other is told to try again.
            try await text.create(on: transaction)
            trail.subject = AuditSubject(
                type: "agreementText", id: try text.requireID().uuidString, label: "\(title) 第\(text.version)版")
            trail.note("kind", kind.rawValue)
            trail.note("version", String(text.version))
            return text
        }
    }

    // MARK: A person's agreements

    /// The person's agreements, newest first.
    public func agreements(of personID: UUID, on database: any Database) async throws -> [PersonAgreementModel] {
        try await PersonAgreementModel.query(on: database).filter(\.$person.$id == personID)
            .sort(\.$createdAt, .descending).sort(\.$id).all()
    }

    public func agreement(_ id: UUID, on database: any Database) async throws -> PersonAgreementModel {
        guard let agreement = try await PersonAgreementModel.find(id, on: database) else {
            throw DomainError.notFound(zh: "协议不存在", en: "No such agreement")
        }
        return agreement
    }

    /// A draft of `kind` for the person on the kind's current text. One open agreement of a kind at a time: a second
    /// draft while one awaits signatures or is in force is refused (T15).
    @discardableResult
    public func draft(
        _ kind: AgreementKind, for personID: UUID, nonCompeteUntil: String? = nil, validUntil: String? = nil,
        by actor: AuditActor,
        on database: any Database
    ) async throws -> PersonAgreementModel {
        try await store.perform(
            on: database, by: actor, .agreementDraft, subject: AuditSubject(type: "person", id: personID.uuidString)
        ) { transaction, trail in
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.notFound(zh: "人员不存在", en: "No such person")
            }
            trail.subject = AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            trail.note("kind", kind.rawValue)
            if let until = nonCompeteUntil {
                guard kind == .nonCompete, CalendarDay(until) != nil else {
                    throw DomainError.invalid(
                        field: "nonCompeteUntil", rule: RuleID("T11"), zh: "竞业限制期止仅用于竞业限制协议，格式 YYYY-MM-DD",
                        en: "Only a non-compete agreement has an end of non-compete, as YYYY-MM-DD")
                }
                trail.note("nonCompeteUntil", until)
            }
            if let until = validUntil {
                guard CalendarDay(until) != nil, until > today else {
                    throw DomainError.invalid(
                        field: "validUntil", rule: RuleID("T15"), zh: "有效期至应为今天之后的 YYYY-MM-DD",
                        en: "The end of the term as YYYY-MM-DD after today")
                }
                trail.note("validUntil", until)
            }
            // Taken first, so two drafts for one person wait for each other and the second sees the first (T15).
            try await RowLock.take(PersonModel.schema, id: personID, on: transaction)
            let open = try await PersonAgreementModel.query(on: transaction).filter(\.$person.$id == personID)
                .filter(\.$kind == kind.rawValue)
                .filter(\.$state ~~ AgreementState.allCases.filter { !$0.isClosed }.map(\.rawValue)).first()
            if let open {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "\(person.name)已有「\(open.agreementState?.title.zh ?? open.state)」的\(kind.title.zh)，"
                            + "须先终止",
                        en: "\(person.name) already has an open \(kind.title.en)"),
                    rule: RuleID("T15"))
            }
            let text = try await currentText(kind, on: transaction)
            let agreement = PersonAgreementModel()
            agreement.$person.id = personID
            agreement.kind = kind.rawValue
            agreement.$text.id = try text.requireID()
            agreement.version = text.version
            agreement.state = AgreementState.draft.rawValue
            agreement.nonCompeteUntil = nonCompeteUntil
            agreement.validUntil = validUntil
            agreement.createdByName = actor.name
            agreement.createdAt = clock()
            agreement.updatedAt = clock()
            try await agreement.create(on: transaction)
            trail.note("agreement", try agreement.requireID().uuidString)
            trail.note("version", String(text.version))
            return agreement
        }
    }

    /// One step (sign, end, refuse) through `AgreementTransition`. The update names the state it read, so of two
    /// steps at once exactly one changes the row, on any number of servers; the other is refused as a conflict.
    @discardableResult
    public func step(
        _ step: AgreementStep, agreementID: UUID, by actor: AuditActor, on database: any Database
    ) async throws -> PersonAgreementModel {
        try await store.perform(
            on: database, by: actor, .agreementStep,
            subject: AuditSubject(type: "agreement", id: agreementID.uuidString)
        ) { transaction, trail in
            let agreement = try await agreement(agreementID, on: transaction)
            let person = try await PersonModel.find(agreement.$person.id, on: transaction)
            trail.subject = AuditSubject(
                type: "agreement", id: agreementID.uuidString,
                label: "\(person?.name ?? "") \(agreement.agreementKind?.title.zh ?? agreement.kind)")
            trail.note("step", Self.name(of: step))
            trail.note("day", step.day)
            trail.note("from", agreement.state)
            let outcome = try AgreementTransition.apply(step, to: agreement.facts, today: today).get()
            let changed = try await transaction.sql.raw(
                """
                UPDATE person_agreements SET state = \(bind: outcome.state.rawValue),
                    person_signed_on = \(bind: outcome.personSignedOn), unit_signed_on = \(bind: outcome.unitSignedOn),
                    in_force_from = \(bind: outcome.inForceFrom), ended_on = \(bind: outcome.endedOn),
                    reason = \(bind: outcome.reason), updated_at = \(bind: clock())
                WHERE id = \(bind: agreementID) AND state = \(bind: agreement.state)
                RETURNING id
                """
            ).all()
            guard changed.count == 1 else {
                throw DomainError.conflict(
                    LocalizedText(zh: "协议已被他人先行处理，请刷新后再试", en: "The agreement was changed meanwhile: reload"),
                    rule: RuleID("T15"))
            }
            trail.note("state", outcome.state.rawValue)
            if let from = outcome.inForceFrom, agreement.inForceFrom == nil { trail.note("inForceFrom", from) }
            if let reason = outcome.reason { trail.note("reason", reason) }
            agreement.state = outcome.state.rawValue
            agreement.personSignedOn = outcome.personSignedOn
            agreement.unitSignedOn = outcome.unitSignedOn
            agreement.inForceFrom = outcome.inForceFrom
            agreement.endedOn = outcome.endedOn
            agreement.reason = outcome.reason
            return agreement
        }
    }

    static func name(of step: AgreementStep) -> String {
        switch step {
        case .signByPerson: "signByPerson"
        case .signByUnit: "signByUnit"
        case .end: "end"
        case .refuse: "refuse"
        }
    }
}
