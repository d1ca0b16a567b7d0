import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// What a command-line command reports instead of a stack trace: a bilingual message, citing a rule where one refused.
public struct CommandLineFailure: Error, CustomStringConvertible {
    public var message: LocalizedText
    public var rule: RuleID?

    public init(zh: String, en: String, rule: RuleID? = nil) {
        message = LocalizedText(zh: zh, en: en)
        self.rule = rule
    }

    public var description: String { message.bilingual + (rule.map { " (\($0))" } ?? "") }
}

/// A configured Baomi without its web server, for one command: the same migrations, built-in accounts, services and
/// audit trail as `baomi serve`, so a command-line change is recorded exactly like one made in a browser.
struct CommandLineSession {
    let app: Application

    var database: any Database { app.db }
    var services: BaomiServices { app.baomi }

    /// Runs `body` against the data folder and always shuts the application down.
    static func run<T: Sendable>(
        _ configuration: BaomiConfiguration, _ body: (CommandLineSession) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.checkpointInterval = nil
        // A command has no requests to answer: it waits out a server's writes or another command's import for the
        // write lock instead of failing after the server's few seconds.
        configuration.writeLockWait = SQLiteWriter.commandLineLockWait
        let app = try await Application.make(.production)
        app.logger.logLevel = .warning
        do {
            try await BaomiServer.configure(app, configuration)
            let result = try await body(CommandLineSession(app: app))
            // Seal what the command wrote under a signed checkpoint, as the server does every minute (S2).
            _ = try await app.baomi.checkpoints.current(on: app.db)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Who a command acts as: an account (`--as USERNAME`) holding `capability`, or Baomi itself.
    struct Acting {
        var actor: AuditActor
        var personID: UUID?
        var roles: Set<Role>
        var departmentID: UUID?
    }

    /// The account named on the command line, refused (and the refusal recorded, A5) unless it is enabled and its
    /// roles grant `capability` (S1). Without a name the command acts as `system`.
    func acting(as username: String?, needs capability: Capability) async throws -> Acting {
        guard let username else { return Acting(actor: .system, personID: nil, roles: [], departmentID: nil) }
        guard let account = try await services.accounts.find(username: username, on: database) else {
            throw CommandLineFailure(zh: "没有用户名为「\(username)」的账号", en: "No account is called \"\(username)\"")
        }
        let actor = AuditActor(
            accountID: account.id, name: account.username, kind: AuditActorKind.of(roles: account.roles), ip: nil)
        if account.isDisabled {
            throw CommandLineFailure(
                zh: "账号 \(account.username) 已停用", en: "Account \(account.username) is disabled", rule: .s3)
        }
        if let refusal = AccessPolicy.decide(roles: account.roles, capability: capability).refusal {
            try await services.store.record(
                [
                    AuditEvent(
                        action: .accessDenied, subject: AuditSubject(type: "command", id: capability.rawValue),
                        outcome: .refused, rule: refusal.rule,
                        details: ["capability": capability.rawValue, "reason": refusal.reason.zh])
                ], by: actor, on: database)
            throw CommandLineFailure(zh: refusal.reason.zh, en: refusal.reason.en, rule: refusal.rule)
        }
        let person = try await account.$person.get(on: database)
        return Acting(actor: actor, personID: person?.id, roles: account.roles, departmentID: person?.$department.id)
    }
}
