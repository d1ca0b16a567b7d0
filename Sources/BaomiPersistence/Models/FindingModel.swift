import BaomiDomain
import FluentKit
import Foundation

/// One finding of the compliance engine, open or closed (REMIND).
public final class FindingModel: Model, @unchecked Sendable {
    public static let schema = "findings"

    @ID(key: .id) public var id: UUID?
    /// `check:type:id`: the same finding found again on a later run updates this row.
    @Field(key: "key") public var key: String
    /// `ComplianceCheck` raw value.
    @Field(key: "check") public var check: String
    @Field(key: "rule") public var rule: String
    /// `FindingSeverity` raw value.
    @Field(key: "severity") public var severity: String
    @Field(key: "subject_type") public var subjectType: String
    @Field(key: "subject_id") public var subjectID: UUID
    @Field(key: "subject_label") public var subjectLabel: String
    @OptionalField(key: "person_id") public var personID: UUID?
    @OptionalField(key: "department_id") public var departmentID: UUID?
    @OptionalField(key: "due") public var due: String?
    @Field(key: "explanation_zh") public var explanationZh: String
    @Field(key: "explanation_en") public var explanationEn: String
    @Field(key: "opened_at") public var openedAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @Field(key: "is_open") public var isOpen: Bool

    public init() {}

    public var explanation: LocalizedText { LocalizedText(zh: explanationZh, en: explanationEn) }

    public var finding: Finding? {
        guard let check = ComplianceCheck(rawValue: check), let severity = FindingSeverity(rawValue: severity) else {
            return nil
        }
        return Finding(
            check: check, severity: severity,
            subject: FindingSubject(type: subjectType, id: subjectID, label: subjectLabel), responsiblePerson: personID,
            responsibleDepartment: departmentID, due: due, explanation: explanation)
    }

    /// Copies a finding's facts onto this row.
    func take(_ finding: Finding) {
        check = finding.check.rawValue
        rule = finding.rule.rawValue
        severity = finding.severity.rawValue
        subjectType = finding.subject.type
        subjectID = finding.subject.id
        subjectLabel = finding.subject.label
        personID = finding.responsiblePerson
        departmentID = finding.responsibleDepartment
        due = finding.due
        explanationZh = finding.explanation.zh
        explanationEn = finding.explanation.en
    }
}

extension FindingModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _key, _check, _rule, _severity, _subjectType, _subjectID, _subjectLabel, _personID, _departmentID,
            _due, _explanationZh, _explanationEn, _openedAt, _updatedAt, _closedAt, _isOpen,
        ]
    }
}
