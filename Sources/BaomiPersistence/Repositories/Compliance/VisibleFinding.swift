import BaomiDomain
import FluentKit
import Foundation

/// A finding as one viewer may see it (DESIGN principle 11). A finding is addressed to the person or department that
/// must act, so it is always listed; but when it concerns a carrier the viewer may not read, it names that carrier by
/// its opaque reference and says what to do without its number, title or marking.
public struct VisibleFinding: Sendable, Hashable {
    public var id: UUID
    public var check: String
    public var rule: String
    public var severity: String
    public var isOpen: Bool
    public var subjectType: String
    public var subjectID: UUID
    /// The subject in words this viewer may read: its label, or the carrier's reference.
    public var subject: LocalizedText
    /// Whether the subject is shown as it is, and so may be linked to.
    public var showsSubject: Bool
    public var personID: UUID?
    public var departmentID: UUID?
    public var due: String?
    public var explanation: LocalizedText
    public var openedAt: Date
    public var closedAt: Date?

    /// The rows as the viewer behind `sights` may see them; `links` says which carrier each carrier-bearing subject
    /// (a carrier, copy, loan, task or request) concerns.
    public static func visible(
        _ rows: [FindingModel], sights: CarrierSights, links: [UUID: UUID]
    ) -> [VisibleFinding] {
        rows.compactMap { row in
            guard let id = row.id else { return nil }
            var finding = VisibleFinding(
                id: id, check: row.check, rule: row.rule, severity: row.severity, isOpen: row.isOpen,
                subjectType: row.subjectType, subjectID: row.subjectID,
                subject: LocalizedText(zh: row.subjectLabel, en: row.subjectLabel), showsSubject: true,
                personID: row.personID, departmentID: row.departmentID, due: row.due, explanation: row.explanation,
                openedAt: row.openedAt, closedAt: row.closedAt)
            // A batch spanning several carriers is named by its own number only.
            guard CarrierLinks.kinds.contains(row.subjectType),
                row.subjectType != "request" || links[row.subjectID] != nil
            else { return finding }
            let carrierID = links[row.subjectID]
            if sights.sight(carrierID, duty: true) != .full {
                let reference = CarrierVisibility.reference(carrierID)
                let title = ComplianceCheck(rawValue: row.check)?.title ?? LocalizedText(zh: row.check, en: row.check)
                finding.subject = reference
                finding.showsSubject = false
                finding.explanation = LocalizedText(
                    zh: "「\(title.zh)」涉及\(reference.zh)，其内容超出您可查看的范围，请由有权人员处理或联系保密办 (A2)",
                    en: "\(title.en) concerns \(reference.en), which you may not see; someone cleared for it must act, "
                        + "or ask the security office (A2)")
            }
            return finding
        }
    }

    /// As `visible`, looking up which carriers the rows concern and what `subject` may see of them.
    public static func visible(
        _ rows: [FindingModel], for subject: AccessSubject, levels: LevelCatalogue, postClasses: PostClassCatalogue,
        on database: any Database
    ) async throws -> [VisibleFinding] {
        let links = try await CarrierLinks.carriers(of: rows.map { ($0.subjectType, $0.subjectID) }, on: database)
        let sights = try await CarrierSights.load(
            links.values, for: subject, levels: levels, postClasses: postClasses, on: database)
        return visible(rows, sights: sights, links: links)
    }
}
