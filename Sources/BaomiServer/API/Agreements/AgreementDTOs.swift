import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

struct AgreementTextDTO: Content {
    var id: UUID
    var kind: String
    var version: Int
    var title: String
    var body: String
    var publishedBy: String
    var publishedAt: Date

    init(_ model: AgreementTextModel) {
        id = model.id ?? UUID()
        kind = model.kind
        version = model.version
        title = model.title
        body = model.body
        publishedBy = model.publishedByName
        publishedAt = model.publishedAt
    }
}

struct AgreementPaymentDTO: Content {
    var id: UUID
    var kind: String
    /// Yuan with two decimals, `1200.50`.
    var amount: String
    var dueOn: String
    var paidOn: String?
    var note: String

    init(_ model: AgreementPaymentModel) {
        id = model.id ?? UUID()
        kind = model.kind
        amount = Yuan.text(model.amountCents)
        dueOn = model.dueOn
        paidOn = model.paidOn
        note = model.note
    }
}

struct AgreementScanDTO: Content {
    var fileName: String
    var type: String
    var size: Int64
    var sha256: String
}

struct AgreementDTO: Content {
    var id: UUID
    var personID: UUID
    var kind: String
    var textID: UUID
    var version: Int
    var state: String
    var personSignedOn: String?
    var unitSignedOn: String?
    var inForceFrom: String?
    var endedOn: String?
    var reason: String?
    var nonCompeteUntil: String?
    var validUntil: String?
    var scan: AgreementScanDTO?
    var payments: [AgreementPaymentDTO]

    init(_ model: PersonAgreementModel, payments: [AgreementPaymentModel]) {
        id = model.id ?? UUID()
        personID = model.$person.id
        kind = model.kind
        textID = model.$text.id
        version = model.version
        state = model.state
        personSignedOn = model.personSignedOn
        unitSignedOn = model.unitSignedOn
        inForceFrom = model.inForceFrom
        endedOn = model.endedOn
        reason = model.reason
        nonCompeteUntil = model.nonCompeteUntil
        validUntil = model.validUntil
        if let sha256 = model.scanSHA256 {
            scan = AgreementScanDTO(
                fileName: model.scanFileName ?? "", type: model.scanType ?? "", size: model.scanSize ?? 0,
                sha256: sha256)
        }
        self.payments = payments.map(AgreementPaymentDTO.init)
    }
}

struct AgreementLedgerRowDTO: Content {
    var agreementID: UUID
    var personID: UUID
    var name: String
    var department: String
    var kind: String
    var version: Int
    var signedOn: String?
    var state: String
    var nonCompeteUntil: String?
    var allowance: String

    init(_ row: AgreementLedger.Row) {
        agreementID = row.agreementID
        personID = row.personID
        name = row.name
        department = row.department
        kind = row.kind.rawValue
        version = row.version
        signedOn = row.signedOn
        state = row.state.rawValue
        nonCompeteUntil = row.nonCompeteUntil
        allowance = Yuan.text(row.allowanceCents)
    }
}

struct AgreementTextInput: Content {
    var kind: AgreementKind
    var title: String
    var body: String
}

struct AgreementDraftInput: Content {
    var kind: AgreementKind
    var nonCompeteUntil: String?
    var validUntil: String?
}

struct AgreementStepInput: Content {
    enum Step: String, Codable, CaseIterable {
        case signByPerson, signByUnit, end, refuse
    }

    var step: Step
    var on: String
    var reason: String?

    var agreementStep: AgreementStep {
        switch step {
        case .signByPerson: .signByPerson(on: on)
        case .signByUnit: .signByUnit(on: on)
        case .end: .end(on: on, reason: reason ?? "")
        case .refuse: .refuse(on: on, reason: reason ?? "")
        }
    }
}

struct AgreementPaymentInput: Content {
    var kind: AgreementPaymentKind
    var amount: String
    var dueOn: String
    var note: String?
}

struct AgreementPaidInput: Content {
    var paidOn: String
}
