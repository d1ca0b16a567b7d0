import BaomiDomain
import FluentKit
import Foundation

extension AccountRepository {
    /// Sets or clears the address the daily digest goes to, audited like every account change (A5). The address
    /// is checked before the transaction starts, so a bad one writes nothing (S4).
    public func setEmail(
        _ id: UUID, _ text: String?, by actor: AuditActor, on database: any Database
    ) async throws {
        let email = try EmailAddress.parse(text)
        try await change(id, .accountEmailChange, by: actor, on: database) { account, _, trail in
            trail.note("email", email ?? "")
            account.email = email
        }
    }
}
