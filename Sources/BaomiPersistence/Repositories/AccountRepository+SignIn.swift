import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Whether a sign-in attempt may check its password (S3).
public enum SignInReservation: Sendable, Hashable {
    /// Counted as a failure until it succeeds; `locks`: it is the attempt that reached the threshold, and the
    /// account is locked unless it succeeds.
    case reserved(locks: Bool)
    /// Locked, or as many attempts under way as the policy allows: refused without checking the password.
    case refused
}

extension AccountRepository {
    /// Counts a sign-in attempt before its password is checked, in one conditional UPDATE: however many attempts
    /// arrive at once, on however many servers, at most `lockoutThreshold` of them check a password before the
    /// account locks (S3). The attempt that reaches the threshold locks the account at once; its success, like any
    /// success, unlocks it. A lockout past its time is lifted first and the count starts again.
    public func reserveSignInAttempt(
        _ id: UUID, policy: SecurityPolicy, now: Date, on database: any Database
    ) async throws -> SignInReservation {
        let threshold = policy.lockoutThreshold
        let ended = policy.lockoutsEnded(by: now.timeIntervalSince1970).map(Date.init(timeIntervalSince1970:))
        return try await store.write(on: database) { transaction in
            let sql = try transaction.sql
            if let ended {
                try await sql.raw(
                    """
                    UPDATE accounts SET failed_sign_ins = 0, locked_at = NULL
                    WHERE id = \(bind: id) AND locked_at IS NOT NULL AND locked_at <= \(bind: ended)
                    """
                ).run()
            }
            // Both databases read the old row on the right of SET: `failed_sign_ins + 1` is this attempt's number.
            let counted = try await sql.raw(
                """
                UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1,
                    locked_at = CASE WHEN failed_sign_ins + 1 >= \(bind: threshold) THEN \(bind: now) ELSE NULL END
                WHERE id = \(bind: id) AND locked_at IS NULL AND failed_sign_ins < \(bind: threshold)
                RETURNING failed_sign_ins
                """
            ).first()
            guard let counted else { return .refused }
            return .reserved(locks: try counted.decode(column: "failed_sign_ins", as: Int.self) >= threshold)
        }
    }

    /// Records a failed sign-in, already counted by `reserveSignInAttempt` (S3); `locked`: this attempt locked the
    /// account, which gets its own record.
    public func recordFailedSignIn(
        _ account: AccountModel, reason: String, locked: Bool, policy: SecurityPolicy, actor: AuditActor,
        on database: any Database
    ) async throws {
        let subject = AuditSubject(type: "account", id: account.id?.uuidString, label: account.username)
        var events = [
            AuditEvent(action: .signIn, subject: subject, outcome: .failure, rule: .s3, details: ["reason": reason])
        ]
        if locked {
            events.append(
                AuditEvent(
                    action: .accountLock, subject: subject, outcome: .success, rule: .s3,
                    details: ["failedSignIns": String(policy.lockoutThreshold)]))
        }
        try await store.record(events, by: actor, on: database)
    }

    /// Records a successful sign-in: failures reset, the lockout its attempt may have started lifted, the TOTP step
    /// remembered. False, recording nothing, when a sign-in at the same moment used the same TOTP step: a code
    /// works once, however many servers it is sent to at once (S3).
    public func recordSuccessfulSignIn(
        _ account: AccountModel, totpStep: Int?, now: Date, actor: AuditActor, sessionKind: SessionModel.Kind,
        on database: any Database
    ) async throws -> Bool {
        let id = try account.requireID()
        return try await store.write(on: database) { transaction in
            if let totpStep {
                let claimed = try await transaction.sql.raw(
                    """
                    UPDATE accounts SET totp_last_step = \(bind: totpStep)
                    WHERE id = \(bind: id) AND (totp_last_step IS NULL OR totp_last_step < \(bind: totpStep))
                    RETURNING id
                    """
                ).first()
                guard claimed != nil else { return false }
                account.totpLastStep = totpStep
            }
            account.failedSignIns = 0
            account.lockedAt = nil
            account.previousSignInAt = account.lastSignInAt
            account.lastSignInAt = now
            try await account.save(on: transaction)
            let subject = AuditSubject(type: "account", id: id.uuidString, label: account.username)
            try await store.audit.append(
                [AuditEvent(action: .signIn, subject: subject, details: ["kind": sessionKind.rawValue])],
                by: actor, on: transaction)
            return true
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
