import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// First start: the three built-in administrator accounts (S1) with a password from `BAOMI_INITIAL_PASSWORD` or a
/// random one announced once on the console — never written to a log (S3).
enum Bootstrap {
    static let builtInAccounts: [(username: String, role: Role, name: LocalizedText)] = [
        ("sysadmin", .sysadmin, Role.sysadmin.title),
        ("secadmin", .secadmin, Role.secadmin.title),
        ("auditor", .auditor, Role.auditor.title),
    ]

    static func ensureBuiltInAccounts(_ app: Application, configuration: BaomiConfiguration) async throws {
        let services = app.baomi
        var announcements: [String] = []
        for builtIn in builtInAccounts
        where try await services.accounts.find(username: builtIn.username, on: app.db) == nil {
            let password = configuration.initialPassword ?? randomPassword()
            let draft = AccountDraft(username: builtIn.username, displayName: builtIn.name.zh, personID: nil)
            try await services.accounts.create(
                draft, passwordHash: try await services.passwords.hash(password), roles: [builtIn.role],
                isBuiltIn: true,
                by: .system, on: app.db)
            if configuration.initialPassword == nil { announcements.append("  \(builtIn.username)  \(password)") }
        }
        if !announcements.isEmpty {
            configuration.announce(
                """
                ┌ 三员初始密码（仅显示这一次，首次登录须修改）/ Initial passwords, shown once; change at first sign-in:
                \(announcements.joined(separator: "\n"))
                └
                """)
        }
    }

    /// 16 characters from all four classes, so the initial password itself meets the default policy.
    static func randomPassword() -> String {
        let sets: [[Character]] = ["abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!@#%^*-_=+"].map
        { Array($0) }
        var generator = SystemRandomNumberGenerator()
        var characters = sets.map { $0.randomElement(using: &generator) ?? "x" }
        let all = sets.flatMap { $0 }
        while characters.count < 16 { characters.append(all.randomElement(using: &generator) ?? "x") }
        return characters.shuffled(using: &generator).map(String.init).joined()
    }
}
