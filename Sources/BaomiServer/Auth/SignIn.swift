import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Signing in, shared by the sign-in page and `POST /api/v1/auth/login` (S3): password, lockout, second factor,
/// and an audit record for every attempt, successful or not (A5).
enum SignIn {
    struct Success {
        let token: String
        let session: SessionModel
        let account: AccountModel
    }

    /// A refusal that tells the user no more than they need: never which of user name or password was wrong.
    struct Failure: Error {
        let message: LocalizedText
        let needsTOTP: Bool
    }

    /// A hash of nothing in particular, verified when the user name is unknown so that the answer takes as long as
    /// for a real account and does not reveal which user names exist.
    private static let decoyHash = (try? Bcrypt.hash("baomi-decoy-password", cost: 12)) ?? ""

    static func attempt(
        username rawUsername: String, password: String, totp: String?, kind: SessionModel.Kind, request: Request
    ) async throws -> Success {
        let services = request.baomi
        let database = request.db
        let now = services.clock()
        let username = rawUsername.trimmed.lowercased()
        let policy = try await services.settings.securityPolicy(on: database)
        let wrong = Failure(
            message: LocalizedText(zh: "用户名或密码错误", en: "Wrong user name or password"), needsTOTP: false)

        guard let account = try await services.accounts.find(username: username, on: database),
            let accountID = account.id
        else {
            _ = await services.passwords.verify(password, hash: decoyHash)
            try await services.store.record(
                [AuditEvent(action: .signIn, outcome: .failure, rule: .s3, details: ["reason": "unknown user"])],
                by: .anonymous(claimedName: username.isEmpty ? nil : String(username.prefix(64)), ip: request.clientIP),
                on: database)
            throw wrong
        }
        let actor = AuditActor(
            accountID: account.id, name: account.username, kind: AuditActorKind.of(roles: account.roles),
            ip: request.clientIP)
        let locked = Failure(
            message: LocalizedText(
                zh: "账号已锁定（连续登录失败），\(Self.unlocking(policy).zh)",
                en: "The account is locked after repeated failures; \(Self.unlocking(policy).en)"),
            needsTOTP: false)

        if account.isDisabled {
            try await services.accounts.recordFailedSignIn(
                account, reason: "disabled", locked: false, policy: policy, actor: actor, on: database)
            throw Failure(message: LocalizedText(zh: "账号已停用", en: "This account is disabled"), needsTOTP: false)
        }
        // Counted before the password is checked, atomically in the database: parallel attempts, on however many
        // servers, check at most the policy's number of passwords before the account locks (S3).
        guard
            case .reserved(let locks) = try await services.accounts.reserveSignInAttempt(
                accountID, policy: policy, now: now, on: database)
        else {
            try await services.accounts.recordFailedSignIn(
                account, reason: "locked", locked: false, policy: policy, actor: actor, on: database)
            throw locked
        }
        func fail(_ reason: String, _ failure: Failure) async throws -> Never {
            try await services.accounts.recordFailedSignIn(
                account, reason: reason, locked: locks, policy: policy, actor: actor, on: database)
            throw failure
        }

        guard await services.passwords.verify(password, hash: account.passwordHash) else {
            try await fail("wrong password", wrong)
        }
        let wrongCode = Failure(message: LocalizedText(zh: "动态口令错误", en: "Wrong authenticator code"), needsTOTP: true)
        var acceptedStep: Int?
        if account.totpEnabled, let secret = account.totpSecret.flatMap(Base32.decode) {
            guard let code = totp?.trimmed, !code.isEmpty else {
                try await fail(
                    "totp missing",
                    Failure(
                        message: LocalizedText(zh: "请输入动态口令", en: "Enter the code from your authenticator"),
                        needsTOTP: true))
            }
            guard let step = TOTPCheck.acceptedStep(code: code, secret: secret, now: now, after: account.totpLastStep)
            else {
                try await fail("totp wrong", wrongCode)
            }
            acceptedStep = step
        }
        guard
            try await services.accounts.recordSuccessfulSignIn(
                account, totpStep: acceptedStep, now: now, actor: actor, sessionKind: kind, on: database)
        else {
            // The same code signed in elsewhere a moment ago (S3: a code works once).
            try await fail("totp reused", wrongCode)
        }
        let (token, session) = try await services.store.write(on: database) { transaction in
            try await services.sessions.start(
                account: accountID, kind: kind, ip: request.clientIP, now: now, on: transaction)
        }
        return Success(token: token, session: session, account: account)
    }
}

extension SignIn {
    /// How a locked account is unlocked, under this policy.
    fileprivate static func unlocking(_ policy: SecurityPolicy) -> LocalizedText {
        policy.lockoutMinutes == 0
            ? LocalizedText(zh: "请联系安全保密管理员解锁", en: "ask the security administrator to unlock it")
            : LocalizedText(
                zh: "\(policy.lockoutMinutes) 分钟后自动解锁，或请安全保密管理员解锁",
                en: "it unlocks after \(policy.lockoutMinutes) minutes, or ask the security administrator")
    }
}

/// TOTP codes accepted with one step of clock drift either way, each step only once (no replay).
enum TOTPCheck {
    static func acceptedStep(code: String, secret: [UInt8], now: Date, after lastStep: Int?) -> Int? {
        guard let counter = TOTP(secret: secret).matchingCounter(for: code, at: now, window: 1) else { return nil }
        let step = Int(counter)
        return step > (lastStep ?? Int.min) ? step : nil
    }
}
