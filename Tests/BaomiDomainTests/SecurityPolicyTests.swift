import Testing

@testable import BaomiDomain

@Suite("Authentication policy (S3)")
struct SecurityPolicyTests {
    let policy = SecurityPolicy.nationalDefault

    @Test("S3 default policy: at least 10 characters from 3 classes")
    func defaultPasswordPolicy() {
        #expect(policy.checkPassword("Abcdefgh12", username: "zhang").isAllowed)
        #expect(policy.checkPassword("密码Abcdefg1", username: "zhang").isAllowed)
        #expect(policy.checkPassword("Abcdefg12", username: "zhang").refusal?.rule == .s3)
        #expect(policy.checkPassword("abcdefghij12", username: "zhang").refusal?.rule == .s3)
        #expect(policy.checkPassword("ABCDEFGHIJKLMN", username: "zhang").refusal?.rule == .s3)
    }

    @Test("S3 a password may not contain the user name")
    func passwordWithUsername() {
        #expect(policy.checkPassword("Sysadmin-2026!", username: "sysadmin").refusal?.rule == .s3)
    }

    @Test("S3 lockout lifts after the configured minutes; 0 means only by hand")
    func lockoutExpiry() {
        #expect(policy.isStillLocked(lockedAt: 0, now: 29 * 60))
        #expect(!policy.isStillLocked(lockedAt: 0, now: 30 * 60))
        var manual = policy
        manual.lockoutMinutes = 0
        #expect(manual.isStillLocked(lockedAt: 0, now: 1_000_000))
    }

    @Test("S3 the lockouts ended by a moment are those isStillLocked no longer holds")
    func lockoutsEnded() throws {
        let ended = try #require(policy.lockoutsEnded(by: 30 * 60))
        #expect(!policy.isStillLocked(lockedAt: ended, now: 30 * 60))
        #expect(policy.isStillLocked(lockedAt: ended + 1, now: 30 * 60))
        var manual = policy
        manual.lockoutMinutes = 0
        #expect(manual.lockoutsEnded(by: 1_000_000) == nil)
    }

    @Test("S3 settings below the floor are refused field by field")
    func validation() throws {
        try policy.validate()
        var weak = policy
        weak.passwordMinLength = 4
        weak.idleTimeoutMinutes = 0
        let error = #expect(throws: DomainError.self) { try weak.validate() }
        guard case .invalid(let errors) = error else {
            Issue.record("expected field errors, got \(String(describing: error))")
            return
        }
        #expect(Set(errors.map(\.field)) == ["passwordMinLength", "idleTimeoutMinutes"])
        #expect(errors.allSatisfy { $0.rule == .s3 })
    }
}
