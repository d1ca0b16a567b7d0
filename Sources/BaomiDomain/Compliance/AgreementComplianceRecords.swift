import Foundation

/// What the agreement checks read (T8, T15, A4, L1.1): the people on a secret post with the kinds they hold in force,
/// the agreements in force with an end day, and the payments still unpaid.
public struct AgreementComplianceRecords: Hashable, Sendable {
    public struct Person: Hashable, Sendable {
        public var id: UUID
        public var name: String
        public var departmentID: UUID
        public var postClass: SecretPostClass
        public var isLeader: Bool
        public var inForce: Set<AgreementKind>

        public init(
            id: UUID, name: String, departmentID: UUID, postClass: SecretPostClass, isLeader: Bool,
            inForce: Set<AgreementKind>
        ) {
            self.id = id
            self.name = name
            self.departmentID = departmentID
            self.postClass = postClass
            self.isLeader = isLeader
            self.inForce = inForce
        }
    }

    /// An agreement in force (or a payment under one), with its person.
    public struct Agreement: Hashable, Sendable {
        public var id: UUID
        public var personID: UUID
        public var name: String
        public var departmentID: UUID
        public var kind: AgreementKind
        /// The day it ends (有效期至, or 竞业限制期止), or a payment's due day.
        public var day: String
        /// For a payment: its id, kind and amount in fen.
        public var paymentID: UUID?
        public var payment: AgreementPaymentKind?
        public var amountCents: Int64

        public init(
            id: UUID, personID: UUID, name: String, departmentID: UUID, kind: AgreementKind, day: String,
            paymentID: UUID? = nil, payment: AgreementPaymentKind? = nil, amountCents: Int64 = 0
        ) {
            self.id = id
            self.personID = personID
            self.name = name
            self.departmentID = departmentID
            self.kind = kind
            self.day = day
            self.paymentID = paymentID
            self.payment = payment
            self.amountCents = amountCents
        }
    }

    public var people: [Person] = []
    public var ending: [Agreement] = []
    public var unpaid: [Agreement] = []

    public init() {}
}

/// The agreement checks as pure functions over `AgreementComplianceRecords`.
public enum AgreementRules {
    /// An ending agreement is flagged this many days ahead (T15).
    public static let endingWarningDays = 30

    static func agreementsMissing(_ records: ComplianceRecords) -> [Finding] {
        records.agreements.people.compactMap { person in
            let missing = AgreementRequirement.missing(
                postClass: person.postClass, isLeader: person.isLeader, inForce: person.inForce)
            guard !missing.isEmpty else { return nil }
            return Finding(
                check: .agreementMissing, severity: .overdue,
                subject: FindingSubject(type: "person", id: person.id, label: person.name),
                responsibleDepartment: person.departmentID,
                explanation: LocalizedText(
                    zh: "\(person.name) 在涉密岗位（\(person.postClass.title.zh)），尚无生效的"
                        + missing.map { "《\($0.title.zh)》" }.joined() + "（A4）",
                    en: "\(person.name) holds a secret post without the "
                        + missing.map(\.title.en).joined(separator: ", ") + " in force (A4)"))
        }
    }

    static func agreementsEnding(_ records: ComplianceRecords) -> [Finding] {
        let horizon = SecrecyPeriod.day(records.today, plus: endingWarningDays)
        return records.agreements.ending.compactMap { agreement in
            guard agreement.day <= horizon else { return nil }
            let ended = agreement.day < records.today
            return Finding(
                check: .agreementEnding, severity: ended ? .overdue : .warning,
                subject: FindingSubject(type: "agreement", id: agreement.id, label: agreement.name),
                responsibleDepartment: agreement.departmentID, due: agreement.day,
                explanation: LocalizedText(
                    zh: "\(agreement.name) 的《\(agreement.kind.title.zh)》" + (ended ? "已于" : "将于")
                        + " \(agreement.day) 到期，请续签或办理终止",
                    en: "\(agreement.name)'s \(agreement.kind.title.en) " + (ended ? "ended" : "ends")
                        + " on \(agreement.day): renew or end it"))
        }
    }

    static func remunerationsUnpaid(_ records: ComplianceRecords) -> [Finding] {
        records.agreements.unpaid.compactMap { payment in
            guard payment.day < records.today, let paymentID = payment.paymentID else { return nil }
            let what = payment.payment ?? .allowance
            return Finding(
                check: .remunerationUnpaid, severity: .overdue,
                subject: FindingSubject(type: "agreementPayment", id: paymentID, label: payment.name),
                responsibleDepartment: payment.departmentID, due: payment.day,
                explanation: LocalizedText(
                    zh:
                        "\(payment.name) 的《\(payment.kind.title.zh)》项下\(what.title.zh) \(Yuan.text(payment.amountCents)) 元"
                        + "应于 \(payment.day) 支付，尚未支付（第十五条）",
                    en:
                        "\(payment.name)'s \(what.title.en.lowercased()) of \(Yuan.text(payment.amountCents)) yuan under the "
                        + "\(payment.kind.title.en) was due on \(payment.day) and is unpaid"))
        }
    }
}
