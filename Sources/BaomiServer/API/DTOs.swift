import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// What the API sends and takes. Models never leave the server as they are (DESIGN "avoid").
struct LoginRequest: Content {
    var username: String
    var password: String
    var totp: String?
}

struct LoginResponse: Content {
    var token: String
    var mustChangePassword: Bool
    /// An administrator who must enrol a second factor (S3, `POST /api/v1/me/totp`) before anything else.
    var totpEnrolmentRequired: Bool
    var idleTimeoutMinutes: Int
    /// What was done to the account since the owner last looked: a reset, another person (S1).
    var notices: [AccountNoticeDTO]
}

struct PasswordChangeRequest: Content {
    var currentPassword: String
    var newPassword: String
}

struct MeDTO: Content {
    var id: UUID
    var username: String
    var displayName: String
    var personID: UUID?
    var roles: [String]
    var language: String
    var totpEnabled: Bool
    var mustChangePassword: Bool
    var email: String?

    init(_ account: AccountModel) {
        id = account.id ?? UUID()
        username = account.username
        displayName = account.displayName
        personID = account.$person.id
        roles = account.roles.sortedByCase.map(\.rawValue)
        language = account.language
        totpEnabled = account.totpEnabled
        mustChangePassword = account.mustChangePassword
        email = account.email
    }
}

struct OrgUnitDTO: Content {
    var id: UUID
    var name: String
    var code: String
    var kind: String
    var parentID: UUID?
    var isKeyDepartment: Bool
    var isManagingDepartment: Bool
    var sortOrder: Int
    var secrecyOfficerID: UUID?
    /// 部门负责人 and 分管领导 (issue #14).
    var headID: UUID?
    var leaderInChargeID: UUID?

    init(_ unit: OrgUnitModel, officer: UUID?) {
        id = unit.id ?? UUID()
        name = unit.name
        code = unit.code
        kind = unit.kind
        parentID = unit.$parent.id
        isKeyDepartment = unit.isKeyDepartment
        isManagingDepartment = unit.isManagingDepartment
        sortOrder = unit.sortOrder
        secrecyOfficerID = officer
        headID = unit.headID
        leaderInChargeID = unit.leaderInChargeID
    }
}

struct OrgUnitInput: Content {
    var name: String?
    var code: String?
    var kind: String?
    var parentID: String?
    var isKeyDepartment: Bool?
    var sortOrder: Int?

    func draft() throws(DomainError) -> OrgUnitDraft {
        try OrgUnitDraft.parse(
            name: name, code: code, kind: kind, parentID: parentID, isKeyDepartment: isKeyDepartment,
            sortOrder: sortOrder)
    }
}

struct PersonDTO: Content {
    var id: UUID
    var name: String
    var employeeNumber: String
    var departmentID: UUID
    var departmentName: String?
    var post: String
    var isLeader: Bool
    var status: String

    init(_ person: PersonModel) {
        id = person.id ?? UUID()
        name = person.name
        employeeNumber = person.employeeNumber
        departmentID = person.$department.id
        departmentName = person.$department.value?.name
        post = person.post
        isLeader = person.isLeader
        status = person.status
    }
}

struct PersonInput: Content {
    var name: String?
    var employeeNumber: String?
    var departmentID: String?
    var post: String?
    var isLeader: Bool?
    var status: String?

    func draft() throws(DomainError) -> PersonDraft {
        try PersonDraft.parse(
            name: name, employeeNumber: employeeNumber, departmentID: departmentID, post: post, isLeader: isLeader,
            status: status)
    }
}

struct WorkingGroupMemberDTO: Content {
    var personID: UUID
    var name: String
    var role: String
}

struct WorkingGroupInput: Content {
    /// `head`, `deputy`, `member`, or null to remove the person from the group.
    var role: String?
}

struct SecrecyOfficerInput: Content {
    var personID: UUID?
}

struct AccountDTO: Content {
    var id: UUID
    var username: String
    var displayName: String
    var personID: UUID?
    var roles: [String]
    var isDisabled: Bool
    var isLocked: Bool
    var failedSignIns: Int
    var mustChangePassword: Bool
    var totpEnabled: Bool
    var isBuiltIn: Bool
    var lastSignInAt: Date?
    var email: String?
    /// Changes proposed for this account and waiting for the security administrator (S1).
    var pendingChanges: [String]

    init(_ account: AccountModel, pendingChanges: [String] = []) {
        self.pendingChanges = pendingChanges
        id = account.id ?? UUID()
        username = account.username
        displayName = account.displayName
        personID = account.$person.id
        roles = account.roles.sortedByCase.map(\.rawValue)
        isDisabled = account.isDisabled
        isLocked = account.lockedAt != nil
        failedSignIns = account.failedSignIns
        mustChangePassword = account.mustChangePassword
        totpEnabled = account.totpEnabled
        isBuiltIn = account.isBuiltIn
        lastSignInAt = account.lastSignInAt
        email = account.email
    }
}

struct AccountInput: Content {
    var username: String?
    var displayName: String?
    var personID: String?
    var password: String?
}

/// A change of someone else's account as the API shows it: never the password it would set (S1).
struct AccountChangeDTO: Content {
    var id: UUID
    var accountID: UUID
    var username: String?
    var kind: String
    var state: String
    var oldPersonID: UUID?
    var newPersonID: UUID?
    var oldEmail: String?
    var newEmail: String?
    var proposedBy: String
    var proposedAt: Date
    var decidedBy: String?
    var decidedAt: Date?
    var comment: String

    init(_ change: AccountChangeModel) {
        id = change.id ?? UUID()
        accountID = change.$account.id
        username = change.$account.value?.username
        kind = change.kind
        state = change.state
        oldPersonID = change.oldPersonID
        newPersonID = change.newPersonID
        oldEmail = change.oldEmail
        newEmail = change.newEmail
        proposedBy = change.proposedByName
        proposedAt = change.proposedAt
        decidedBy = change.decidedByName
        decidedAt = change.decidedAt
        comment = change.comment
    }
}

/// Something the signed-in owner must be told about their account (S1).
struct AccountNoticeDTO: Content {
    var id: UUID
    var zh: String
    var en: String
    var createdAt: Date

    init(_ notice: AccountNoticeModel) {
        id = notice.id ?? UUID()
        zh = notice.textZh
        en = notice.textEn
        createdAt = notice.createdAt
    }
}

struct AccountUpdateInput: Content {
    var displayName: String
    var personID: UUID?
    var isDisabled: Bool
}

struct RolesInput: Content {
    var roles: [String]
}

struct PasswordResetInput: Content {
    var password: String
}

struct AuditRecordDTO: Content {
    var leafIndex: Int64
    var recordedAt: String
    var actorID: String?
    var actorName: String
    var actorKind: String
    var ip: String?
    var action: String
    var objectType: String?
    var objectID: String?
    var objectLabel: String?
    var outcome: String
    var rule: String?
    var details: [String: String]
    var leafHash: String

    init(_ visible: VisibleAuditRecord) {
        let record = visible.record
        leafIndex = record.leafIndex
        recordedAt = record.recordedAt
        actorID = record.actorID
        actorName = record.actorName
        actorKind = record.actorKind
        ip = record.ip
        action = record.action
        objectType = record.objectType
        objectID = record.objectID
        objectLabel = visible.objectLabel
        outcome = record.outcome
        rule = record.rule
        details = visible.details
        leafHash = record.leafHash
    }
}

struct CheckpointDTO: Content {
    var treeSize: Int64
    var rootHash: String
    var signedAt: String
    var keyID: String
    var signature: String
    /// The Ed25519 public key (base64, raw 32 bytes) that verifies `signature` over `signedMessage`.
    var publicKey: String
    var signedMessage: String
}

struct HealthDTO: Content {
    var status: String
    var database: String?
    var migrations: String?
}
