/// The authentication policy (S3): configuration with safe defaults, edited by the system administrator
/// (DESIGN principle 9).
public struct SecurityPolicy: Hashable, Sendable, Codable {
    /// Shortest acceptable password.
    public var passwordMinLength: Int
    /// How many of the four character classes (lower, upper, digit, symbol) a password needs.
    public var passwordMinClasses: Int
    /// Failed sign-ins in a row that lock the account.
    public var lockoutThreshold: Int
    /// Minutes after which a lockout lifts by itself; 0 means only the security administrator can lift it.
    public var lockoutMinutes: Int
    /// Minutes without a request after which a session ends.
    public var idleTimeoutMinutes: Int
    /// Whether the three administrator roles must use a second factor (TOTP); on by default, so each enrols at
    /// first sign-in (S3). The system administrator can switch it off; the change is audited.
    public var totpRequiredForAdministrators: Bool

    public static let nationalDefault = SecurityPolicy(
        passwordMinLength: 10,
        passwordMinClasses: 3,
        lockoutThreshold: 5,
        lockoutMinutes: 30,
        idleTimeoutMinutes: 10,
        totpRequiredForAdministrators: true
    )

    public init(
        passwordMinLength: Int,
        passwordMinClasses: Int,
        lockoutThreshold: Int,
        lockoutMinutes: Int,
        idleTimeoutMinutes: Int,
        totpRequiredForAdministrators: Bool
    ) {
        self.passwordMinLength = passwordMinLength
        self.passwordMinClasses = passwordMinClasses
        self.lockoutThreshold = lockoutThreshold
        self.lockoutMinutes = lockoutMinutes
        self.idleTimeoutMinutes = idleTimeoutMinutes
        self.totpRequiredForAdministrators = totpRequiredForAdministrators
    }

    /// Refuses settings that would weaken sign-in below a floor no organisation may go under (S3).
    public func validate() throws(DomainError) {
        var validator = FieldValidator()
        if !(8...128).contains(passwordMinLength) {
            validator.add(
                field: "passwordMinLength", rule: .s3, zh: "密码最短长度须在 8 到 128 之间",
                en: "Minimum password length must be between 8 and 128")
        }
        if !(1...4).contains(passwordMinClasses) {
            validator.add(
                field: "passwordMinClasses", rule: .s3, zh: "字符种类数须在 1 到 4 之间",
                en: "Character classes must be between 1 and 4")
        }
        if !(3...10).contains(lockoutThreshold) {
            validator.add(
                field: "lockoutThreshold", rule: .s3, zh: "锁定前允许的失败次数须在 3 到 10 之间",
                en: "Failures before lockout must be between 3 and 10")
        }
        if !(0...1440).contains(lockoutMinutes) {
            validator.add(
                field: "lockoutMinutes", rule: .s3, zh: "自动解锁时间须在 0 到 1440 分钟之间",
                en: "Automatic unlock must be between 0 and 1440 minutes")
        }
        if !(1...60).contains(idleTimeoutMinutes) {
            validator.add(
                field: "idleTimeoutMinutes", rule: .s3, zh: "会话空闲超时须在 1 到 60 分钟之间",
                en: "Idle timeout must be between 1 and 60 minutes")
        }
        try validator.check()
    }

    /// Whether a password meets the policy (S3).
    public func checkPassword(_ password: String, username: String) -> Decision {
        if password.count < passwordMinLength || PasswordClasses.count(in: password) < passwordMinClasses {
            return .refused(
                Refusal(
                    rule: .s3,
                    zh: "密码至少 \(passwordMinLength) 位，并包含大写字母、小写字母、数字、符号中的至少 \(passwordMinClasses) 类",
                    en: "A password needs at least \(passwordMinLength) characters from at least "
                        + "\(passwordMinClasses) of: upper case, lower case, digits, symbols"
                )
            )
        }
        if !username.isEmpty && password.lowercased().contains(username.lowercased()) {
            return .refused(Refusal(rule: .s3, zh: "密码不能包含用户名", en: "A password must not contain the user name"))
        }
        return .allowed
    }

    /// Whether a lockout that started at `lockedAt` is still in force at `now`.
    public func isStillLocked(lockedAt: Double, now: Double) -> Bool {
        lockoutMinutes == 0 || now - lockedAt < Double(lockoutMinutes) * 60
    }

    /// The start of a lockout that has ended by `now`, at the latest: one that started then or earlier is over
    /// (`isStillLocked` is false). Nil when only the security administrator lifts a lockout.
    public func lockoutsEnded(by now: Double) -> Double? {
        lockoutMinutes == 0 ? nil : now - Double(lockoutMinutes) * 60
    }
}

enum PasswordClasses {
    static func count(in password: String) -> Int {
        var lower = false
        var upper = false
        var digit = false
        var symbol = false
        for character in password {
            if character.isLowercase {
                lower = true
            } else if character.isUppercase {
                upper = true
            } else if character.isNumber {
                digit = true
            } else {
                symbol = true
            }
        }
        return [lower, upper, digit, symbol].filter { $0 }.count
    }
}
