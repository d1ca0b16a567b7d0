import BaomiDomain
import FluentKit
import Foundation

/// A cooperation contract with an outside party (外协/合作单位) and how it covers secrecy (T23): the row of the
/// 外协保密协议台账.
public final class CooperationContractModel: Model, @unchecked Sendable {
    public static let schema = "cooperation_contracts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "partner_name") public var partnerName: String
    /// 统一社会信用代码; nil when the partner has none or it was not given.
    @OptionalField(key: "partner_credit_code") public var partnerCreditCode: String?
    @Field(key: "subject") public var subject: String
    /// `LevelID` raw value of the highest secrets involved; nil: no secrets involved.
    @OptionalField(key: "level") public var level: String?
    /// `YYYY-MM-DD`, first and last day of the cooperation.
    @Field(key: "starts_on") public var startsOn: String
    @Field(key: "ends_on") public var endsOn: String
    @Parent(key: "department_id") public var department: OrgUnitModel
    /// `SecrecyCoverage` raw value.
    @Field(key: "coverage") public var coverage: String
    @OptionalField(key: "agreement_signed_on") public var agreementSignedOn: String?
    @OptionalField(key: "clause_reference") public var clauseReference: String?
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var secrecyCoverage: SecrecyCoverage { SecrecyCoverage(rawValue: coverage) ?? .none }

    /// Copies checked facts onto the row.
    func apply(_ facts: CooperationContractFacts) {
        partnerName = facts.partnerName
        partnerCreditCode = facts.partnerCreditCode
        subject = facts.subject
        level = facts.level?.rawValue
        startsOn = facts.startsOn
        endsOn = facts.endsOn
        $department.id = facts.departmentID
        coverage = facts.coverage.rawValue
        agreementSignedOn = facts.agreementSignedOn
        clauseReference = facts.clauseReference
    }

    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _partnerName, _partnerCreditCode, _subject, _level, _startsOn, _endsOn, _department, _coverage,
            _agreementSignedOn, _clauseReference, _recordedBy, _updatedAt,
        ]
    }
}
