import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// What is paid under an agreement (T15): secrecy allowances and remuneration, each with the day it is due and the
/// day it was paid. Unpaid past its day raises a finding (`AgreementChecks`).
extension AgreementRepository {
    public func payments(of agreementID: UUID, on database: any Database) async throws -> [AgreementPaymentModel] {
        try await AgreementPaymentModel.query(on: database).filter(\.$agreement.$id == agreementID)
            .sort(\.$dueOn).sort(\.$id).all()
    }

    /// An amount due under an agreement in force or awaiting signatures (not under an ended or refused one).
    @discardableResult
    public func addPayment(
        _ kind: AgreementPaymentKind, amount: String, dueOn: String, note: String, to agreementID: UUID,
        by actor: AuditActor, on database: any Database
    ) async throws -> AgreementPaymentModel {
        try await store.perform(
            on: database, by: actor, .agreementPayment,
            subject: AuditSubject(type: "agreement", id: agreementID.uuidString)
        ) { transaction, trail in
            let agreement = try await agreement(agreementID, on: transaction)
            var validator = FieldValidator()
            let cents = Yuan.cents(amount)
            if cents == nil || cents == 0 {
                validator.add(
                    field: "amount", rule: .s4, zh: "金额须为大于 0 的元数，最多两位小数（如 1200.50）",
                    en: "An amount in yuan above 0 with at most two decimals (e.g. 1200.50)")
            }
            if CalendarDay(dueOn) == nil {
                validator.add(field: "dueOn", rule: .s4, zh: "应付日期应为 YYYY-MM-DD", en: "The due day as YYYY-MM-DD")
            }
            let note = validator.optional(
                note, field: "note", label: LocalizedText(zh: "说明", en: "Note"), maxLength: 200)
            if agreement.agreementState?.isClosed ?? true {
                validator.add(
                    field: "amount", rule: RuleID("T15"), zh: "协议已终止或拒签，不能再登记补贴或报酬",
                    en: "The agreement is ended or refused")
            }
            try validator.check()
            let payment = AgreementPaymentModel()
            payment.$agreement.id = agreementID
            payment.kind = kind.rawValue
            payment.amountCents = cents ?? 0
            payment.dueOn = dueOn
            payment.note = note ?? ""
            payment.recordedByName = actor.name
            payment.recordedAt = clock()
            try await payment.create(on: transaction)
            trail.note("payment", try payment.requireID().uuidString)
            trail.note("kind", kind.rawValue)
            trail.note("amount", Yuan.text(payment.amountCents))
            trail.note("dueOn", dueOn)
            return payment
        }
    }

    /// Records the payment as paid on `paidOn`; of two at once exactly one does (the update names the unpaid row).
    @discardableResult
    public func markPaid(
        _ paymentID: UUID, of agreementID: UUID, on paidOn: String, by actor: AuditActor, on database: any Database
    ) async throws -> AgreementPaymentModel {
        try await store.perform(
            on: database, by: actor, .agreementPayment,
            subject: AuditSubject(type: "agreement", id: agreementID.uuidString)
        ) { transaction, trail in
            guard let payment = try await AgreementPaymentModel.find(paymentID, on: transaction),
                payment.$agreement.id == agreementID
            else { throw DomainError.notFound(zh: "补贴或报酬记录不存在", en: "No such payment") }
            guard CalendarDay(paidOn) != nil, paidOn <= today else {
                throw DomainError.invalid(
                    field: "paidOn", rule: .s4, zh: "支付日期应为不晚于今天的 YYYY-MM-DD",
                    en: "The paid day as YYYY-MM-DD, not in the future")
            }
            trail.note("payment", paymentID.uuidString)
            trail.note("paidOn", paidOn)
            let changed = try await transaction.sql.raw(
                """
                UPDATE agreement_payments SET paid_on = \(bind: paidOn)
                WHERE id = \(bind: paymentID) AND paid_on IS NULL RETURNING id
                """
            ).all()
            guard changed.count == 1 else {
                throw DomainError.conflict(
                    LocalizedText(zh: "该笔已登记支付", en: "This payment is already recorded as paid"),
                    rule: RuleID("T15"))
            }
            payment.paidOn = paidOn
            return payment
        }
    }
}
