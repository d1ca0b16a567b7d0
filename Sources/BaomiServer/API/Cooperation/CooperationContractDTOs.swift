import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// A row of the 外协保密协议台账 as the API returns it (T23).
struct CooperationContractDTO: Content {
    var id: UUID
    var partnerName: String
    var partnerCreditCode: String?
    var subject: String
    var level: String?
    var startsOn: String
    var endsOn: String
    var departmentID: UUID
    var department: String
    var coverage: String
    var agreementSignedOn: String?
    var clauseReference: String?
    /// Secret cooperation started without a secrecy agreement or clause (the T23 finding).
    var uncovered: Bool
    var recordedBy: String
    var updatedAt: Date

    init(_ model: CooperationContractModel, today: String) {
        id = model.id ?? UUID()
        partnerName = model.partnerName
        partnerCreditCode = model.partnerCreditCode
        subject = model.subject
        level = model.level
        startsOn = model.startsOn
        endsOn = model.endsOn
        departmentID = model.$department.id
        department = model.$department.value?.name ?? ""
        coverage = model.coverage
        agreementSignedOn = model.agreementSignedOn
        clauseReference = model.clauseReference
        uncovered = CooperationRules.isUncovered(
            level: model.level, coverage: model.secrecyCoverage, startsOn: model.startsOn, today: today)
        recordedBy = model.recordedBy
        updatedAt = model.updatedAt
    }
}

/// The body of POST and PUT: every field of the contract (a PUT replaces them all).
struct CooperationContractInput: Content {
    var partnerName: String
    var partnerCreditCode: String?
    var subject: String
    var level: String?
    var startsOn: String
    var endsOn: String
    var departmentID: UUID
    var coverage: SecrecyCoverage
    var agreementSignedOn: String?
    var clauseReference: String?

    var draft: CooperationContractDraft {
        CooperationContractDraft(
            partnerName: partnerName, partnerCreditCode: partnerCreditCode, subject: subject, level: level,
            startsOn: startsOn, endsOn: endsOn, departmentID: departmentID, coverage: coverage.rawValue,
            agreementSignedOn: agreementSignedOn, clauseReference: clauseReference)
    }
}
