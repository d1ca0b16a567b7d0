import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// The signed-in account behind a request, resolved once by `SessionMiddleware`.
struct Viewer: Authenticatable {
    let account: AccountModel
    let session: SessionModel

    var accountID: UUID { account.id ?? UUID() }
    var roles: Set<Role> { account.roles }
    var language: Language { account.preferredLanguage }

    func can(_ capability: Capability) -> Bool {
        AccessPolicy.allows(roles: roles, capability)
    }

    var auditActor: AuditActor {
        AuditActor(
            accountID: account.id, name: account.username, kind: AuditActorKind.of(roles: roles), ip: session.ip)
    }
}

extension Request {
    var viewer: Viewer? { auth.get(Viewer.self) }

    /// The client's address as the audit trail records it. Forwarded headers are believed only when Baomi is told
    /// it sits behind a proxy (`BAOMI_TRUST_PROXY=1`); otherwise any client could write any address into the log.
    var clientIP: String? {
        if baomi.configuration.trustProxy,
            let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").first
        {
            return String(forwarded).trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// The language of this response: the account's choice, else the `lang` cookie, else the browser's.
    var language: Language {
        if let viewer { return viewer.language }
        if let cookie = cookies["baomi_lang"]?.string, let language = Language(rawValue: cookie) { return language }
        return Language.preferred(fromAcceptLanguage: headers.first(name: .acceptLanguage))
    }

    func actorForAudit(claimedName: String? = nil) -> AuditActor {
        if let viewer { return viewer.auditActor }
        return .anonymous(claimedName: claimedName, ip: clientIP)
    }
}
