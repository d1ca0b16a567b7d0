import BaomiDomain
import FluentKit
import Foundation

/// One account's daily digest (REMIND): where it goes and the open findings its owner sees.
public struct DigestRecipient: Sendable, Hashable {
    public var accountID: UUID
    public var username: String
    public var displayName: String
    public var email: String
    /// Every open finding the owner sees; `findings` lists at most `DigestRecipients.listLimit` of them.
    public var total: Int
    public var findings: [DigestFinding]
}

/// A finding as an e-mail may show it: a carrier by its number only, and only to a recipient who may read it (A2).
public struct DigestFinding: Sendable, Hashable {
    public var severity: FindingSeverity
    public var rule: String
    public var subject: String
    public var due: String?
    public var explanation: LocalizedText
}

/// Works out who gets a digest and what it lists. Findings are seen as on the findings page: one's own
/// (`person_id`); a secrecy officer also their department's (T5.2); the security office all.
public enum DigestRecipients {
    /// At most this many findings are listed in one e-mail; the count in the subject is the full one.
    public static let listLimit = 200

    /// Every enabled account with an address whose roles may see findings and who sees at least one open finding;
    /// `username` narrows it to one account. Each sees the findings as on the findings page, carriers they may not
    /// read named by their reference (principle 11).
    public static func load(
        username: String? = nil, clearances: ClearanceRepository, levels: LevelCatalogue,
        postClasses: PostClassCatalogue, on database: any Database
    ) async throws -> [DigestRecipient] {
        let query = AccountModel.query(on: database).with(\.$person).filter(\.$isDisabled == false)
            .filter(\.$email != nil).sort(\.$username)
        if let username { query.filter(\.$username == username.trimmed.lowercased()) }
        var recipients: [DigestRecipient] = []
        for account in try await query.all() {
            guard let email = account.email, AccessPolicy.allows(roles: account.roles, .viewFindings) else {
                continue
            }
            var findings = FindingQuery()
            findings.open = true
            findings.limit = listLimit
            findings.viewer = try await viewer(of: account, on: database)
            let (rows, total) = try await findings.run(on: database)
            guard total > 0 else { continue }
            let subject = try await clearances.subject(
                personID: account.$person.id, roles: account.roles, levels: levels, postClasses: postClasses,
                on: database)
            let visible = try await VisibleFinding.visible(
                rows, for: subject, levels: levels, postClasses: postClasses, on: database)
            recipients.append(
                DigestRecipient(
                    accountID: try account.requireID(), username: account.username,
                    displayName: account.displayName, email: email, total: total,
                    findings: try await digestFindings(visible, on: database)))
        }
        return recipients
    }

    /// Whose findings an account sees, as the findings page works it out so the e-mail and the page agree: the
    /// security office all of them (nil); a secrecy officer their own and their department's (CarrierStewardship's
    /// rule, T5.2; `department_secrecy_officers` holds only an officer's own department, T4); everyone else their own.
    public static func viewer(of account: AccountModel, on database: any Database) async throws -> FindingViewer {
        let personID = account.$person.id
        if account.roles.contains(.securityOffice) { return FindingViewer(personID: personID, departments: nil) }
        var department: UUID?
        if let personID { department = try await PersonModel.find(personID, on: database)?.$department.id }
        let departments =
            CarrierStewardship.departments(roles: account.roles, viewerDepartment: department) ?? []
        return FindingViewer(personID: personID, departments: departments)
    }

    /// The rows as the e-mail shows them. A period finding's label is "number title"; e-mail leaves the system's
    /// access control, so a carrier the recipient may read is named by its number alone (A2), and one they may not
    /// by its reference, as on the page.
    static func digestFindings(_ rows: [VisibleFinding], on database: any Database) async throws -> [DigestFinding] {
        let carrierIDs = rows.filter { $0.subjectType == "carrier" && $0.showsSubject }.map(\.subjectID)
        var numbers: [UUID: String] = [:]
        if !carrierIDs.isEmpty {
            for carrier in try await CarrierModel.query(on: database).filter(\.$id ~~ carrierIDs).all() {
                if let id = carrier.id { numbers[id] = carrier.number }
            }
        }
        return rows.compactMap { row in
            guard let severity = FindingSeverity(rawValue: row.severity) else { return nil }
            var subject = row.subject.zh
            if row.subjectType == "carrier" && row.showsSubject {
                subject = numbers[row.subjectID] ?? String(subject.split(separator: " ", maxSplits: 1).first ?? "")
            }
            return DigestFinding(
                severity: severity, rule: row.rule, subject: subject, due: row.due, explanation: row.explanation)
        }
    }
}
