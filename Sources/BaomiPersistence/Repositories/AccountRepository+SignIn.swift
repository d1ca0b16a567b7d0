import BaomiDomain
import FluentKit
import Foundation

extension AccountRepository {
    /// Records a failed sign-in and locks the account when the policy's threshold is reached (S3); both in one
    /// transaction with their audit records.
    public func recordFailedSignIn(
        _ id: UUID, reason: String, policy: SecurityPolicy, now: Date, actor: AuditActor, on database: any Database
    ) async throws {
        try await store.write(on: database) { transaction in
            let account = try await find(id, on: transaction)
            let subject = AuditSubject(type: "account", id: id.uuidString, label: account.username)
            var events = [
                AuditEvent(
                    action: .signIn, subject: subject, outcome: .failure, rule: .s3, details: ["reason": reason])
            ]
            account.failedSignIns += 1
            if account.lockedAt == nil && account.failedSignIns >= policy.lockoutThreshold {
                account.lockedAt = now
                events.append(
                    AuditEvent(
                        action: .accountLock, subject: subject, outcome: .success, rule: .s3,
                        details: ["failedSignIns": String(account.failedSignIns)]))
            }
            try await account.save(on: transaction)
            try await store.audit.append(events, by: actor, on: transaction)
        }
    }

    /// Records a successful sign-in: failures reset, an expired lockout lifted, the TOTP step remembered.
    public func recordSuccessfulSignIn(
        _ account: AccountModel, totpStep: Int?, now: Date, actor: AuditActor, sessionKind: SessionModel.Kind,
        on database: any Database
    ) async throws {
        try await store.write(on: database) { transaction in
            account.failedSignIns = 0
            account.lockedAt = nil
            account.previousSignInAt = account.lastSignInAt
            account.lastSignInAt = now
            if let totpStep { account.totpLastStep = totpStep }
            try await account.save(on: transaction)
            let subject = AuditSubject(type: "account", id: account.id?.uuidString, label: account.username)
            try await store.audit.append(
                [AuditEvent(action: .signIn, subject: subject, details: ["kind": sessionKind.rawValue])],
                by: actor, on: transaction)
        }
    }

    /// Stores a freshly generated TOTP key, not yet enabled: the user proves they scanned it first.
    public func beginTOTPEnrolment(_ id: UUID, secret: String, on database: any Database) async throws {
        try await store.write(on: database) { transaction in
            let account = try await find(id, on: transaction)
            guard !account.totpEnabled else { return }
            account.totpSecret = secret
            try await account.save(on: transaction)
        }
    }

    /// Turns TOTP on after the user entered a valid code.
    public func enableTOTP(_ id: UUID, step: Int, by actor: AuditActor, on database: any Database) async throws {
        try await change(id, .totpEnrol, by: actor, on: database) { account, _, _ in
            account.totpEnabled = true
            account.totpLastStep = step
        }
    }

    /// Turns TOTP off, unless policy makes it mandatory for this account (S3).
    public func disableTOTP(
        _ id: UUID, policy: SecurityPolicy, by actor: AuditActor, on database: any Database
    ) async throws {
        try await change(id, .totpDisable, by: actor, on: database) { account, _, _ in
            if policy.totpRequiredForAdministrators && account.roles.contains(where: \.isAdministrator) {
                throw Refusal(
                    rule: .s3, zh: "三员账号必须使用动态口令", en: "Administrator accounts must use a second factor")
            }
            account.totpEnabled = false
            account.totpSecret = nil
            account.totpLastStep = nil
        }
    }
}
