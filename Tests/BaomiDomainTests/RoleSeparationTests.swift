import Testing

@testable import BaomiDomain

@Suite("Three-role separation (S1)")
struct RoleSeparationTests {
    @Test(
        "S1 no account holds two of the three administrator roles",
        arguments: [
            Set<Role>([.sysadmin, .secadmin]), [.sysadmin, .auditor], [.secadmin, .auditor],
            [.sysadmin, .secadmin, .auditor],
        ])
    func twoAdministratorRolesRefused(_ roles: Set<Role>) {
        let refusal = RoleAssignment.check(roles).refusal
        #expect(refusal?.rule == .s1)
        #expect(refusal?.message(in: .zh).hasSuffix("(S1)") == true)
    }

    @Test("S1 an administrator holds no business role")
    func administratorWithBusinessRoleRefused() {
        #expect(RoleAssignment.check([.auditor, .staff]).refusal?.rule == .s1)
        #expect(RoleAssignment.check([.secadmin, .securityOffice]).refusal?.rule == .s1)
    }

    @Test("S1 single administrator roles and business-role combinations are fine")
    func allowedCombinations() {
        for role in [Role.sysadmin, .secadmin, .auditor] { #expect(RoleAssignment.check([role]).isAllowed) }
        #expect(RoleAssignment.check([.securityOffice, .secrecyOfficer, .leader, .staff]).isAllowed)
        #expect(RoleAssignment.check([]).isAllowed)
    }

    @Test("S1 the system administrator cannot read the audit trail, assign roles or unlock")
    func sysadminPowers() {
        let roles: Set<Role> = [.sysadmin]
        #expect(AccessPolicy.allows(roles: roles, .manageAccounts))
        #expect(AccessPolicy.allows(roles: roles, .manageOrganisation))
        #expect(AccessPolicy.allows(roles: roles, .manageSettings))
        for denied in [Capability.readAdministratorAudit, .readUserAudit, .verifyAudit, .manageRoles, .unlockAccounts] {
            #expect(AccessPolicy.decide(roles: roles, capability: denied).refusal?.rule == .s1)
        }
    }

    @Test("S1 the security administrator cannot create accounts; the auditor changes nothing")
    func secadminAndAuditorPowers() {
        #expect(!AccessPolicy.allows(roles: [.secadmin], .manageAccounts))
        #expect(AccessPolicy.allows(roles: [.secadmin], .manageRoles))
        #expect(AccessPolicy.allows(roles: [.secadmin], .unlockAccounts))
        #expect(AccessPolicy.allows(roles: [.secadmin], .readUserAudit))
        #expect(!AccessPolicy.allows(roles: [.secadmin], .readAdministratorAudit))
        let changing: [Capability] = [
            .manageAccounts, .manageOrganisation, .manageSecrecyOrganisation, .manageSettings, .manageRoles,
            .unlockAccounts,
        ]
        for capability in changing { #expect(!AccessPolicy.allows(roles: [.auditor], capability)) }
        #expect(AccessPolicy.allows(roles: [.auditor], .readAdministratorAudit))
        #expect(AccessPolicy.allows(roles: [.auditor], .verifyAudit))
    }

    @Test("S1 every capability is held by someone, and no capability is shared across the three administrators")
    func capabilityTableIsSeparated() {
        for capability in Capability.allCases {
            #expect(!capability.grantedTo.isEmpty)
            let administrators = capability.grantedTo.filter(\.isAdministrator)
            if capability != .viewOrganisation { #expect(administrators.count <= 1, "\(capability)") }
        }
    }

    @Test("S1 audit records of administrators go to the auditor, users' to the security administrator")
    func auditReadership() {
        #expect(AuditActorKind.administrator.isReadable(by: [.auditor]))
        #expect(!AuditActorKind.administrator.isReadable(by: [.secadmin]))
        #expect(AuditActorKind.user.isReadable(by: [.secadmin]))
        #expect(AuditActorKind.anonymous.isReadable(by: [.secadmin]))
        #expect(!AuditActorKind.user.isReadable(by: [.auditor]))
        #expect(!AuditActorKind.user.isReadable(by: [.sysadmin]))
        #expect(AuditActorKind.of(roles: [.sysadmin]) == .administrator)
        #expect(AuditActorKind.of(roles: [.staff]) == .user)
    }

    @Test("S1 role names from a form are parsed and unknown ones reported")
    func parseRoles() {
        let (roles, unknown) = RoleAssignment.parse(["staff", " leader ", "root", ""])
        #expect(roles == [.staff, .leader])
        #expect(unknown == ["root"])
    }
}
