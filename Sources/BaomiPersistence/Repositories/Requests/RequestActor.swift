import BaomiDomain
import Foundation

/// Who acts on a request: the account, its person, its roles.
public struct RequestActor: Sendable {
    public var audit: AuditActor
    public var accountID: UUID
    public var personID: UUID?
    public var roles: Set<Role>
    /// The name papers show: "李保密（libm）".
    public var displayName: String

    public init(audit: AuditActor, accountID: UUID, personID: UUID?, roles: Set<Role>, displayName: String? = nil) {
        self.audit = audit
        self.displayName = displayName ?? audit.name
        self.accountID = accountID
        self.personID = personID
        self.roles = roles
    }
}
