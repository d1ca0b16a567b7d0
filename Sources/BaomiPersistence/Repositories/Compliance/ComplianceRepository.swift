import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Runs the compliance checks and keeps their findings (REMIND): a finding opens the first time a check sees it,
/// is updated while it is seen, and closes by itself once it is not; closed findings stay as history.
public struct ComplianceRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// What a run looks at: everything, or — after a change — every check but with the copy-wide ones limited to
    /// the copies the change touched.
    public enum Scope: Sendable, Hashable {
        case everything
        case copies(Set<UUID>)

        var copies: Set<UUID>? {
            if case .copies(let copies) = self { return copies }
            return nil
        }
    }

    /// The checks that read every copy; a scoped run gives them only the touched copies.
    static let copyWideChecks: Set<ComplianceCheck> = [.placeBelowLevel, .dataConsistency]

    public struct Summary: Sendable, Hashable, Codable {
        public var opened = 0
        public var updated = 0
        public var closed = 0
        /// Open findings of the checks this run looked at, after it.
        public var open = 0
        public var seconds = 0.0
    }

    /// The findings the checks see now, without storing anything: for `baomi check` and the tests.
    public func currentFindings(
        scope: Scope = .everything, levels: LevelCatalogue, on database: any Database
    ) async throws -> [Finding] {
        let records = try await ComplianceRecordsLoader(
            sql: try database.sql, today: ClearanceRepository.today(clock()), levels: levels, copies: scope.copies
        ).load()
        var seen: Set<String> = []
        // One finding per key: the first check to see a subject speaks for it.
        return ComplianceRules.evaluateAll(records, levels: levels).filter { seen.insert($0.key).inserted }
    }

    /// Runs the checks and brings the stored findings in line; one audit record per run that changed anything
    /// (A5), none for a run that found the world as it was.
    @discardableResult
    public func evaluate(
        scope: Scope = .everything, levels: LevelCatalogue, by actor: AuditActor = .system, on database: any Database
    ) async throws -> Summary {
        let started = Date()
        let findings = try await currentFindings(scope: scope, levels: levels, on: database)
        let byKey = Dictionary(findings.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let known = try await openFindings(in: scope, on: database)
        let stale = known.filter { byKey[$0.key] == nil }
        let changed = known.filter { model in byKey[model.key].map { model.differs(from: $0) } ?? false }
        let knownKeys = Set(known.map(\.key))
        let new = findings.filter { !knownKeys.contains($0.key) }
        var summary = Summary()
        summary.open = findings.count
        if !new.isEmpty || !stale.isEmpty || !changed.isEmpty {
            let now = clock()
            try await store.perform(on: database, by: actor, .complianceEvaluate) { transaction, trail in
                for finding in new {
                    let model = FindingModel()
                    model.key = finding.key
                    model.take(finding)
                    model.openedAt = now
                    model.updatedAt = now
                    model.isOpen = true
                    try await model.create(on: transaction)
                }
                for model in changed {
                    guard let finding = byKey[model.key] else { continue }
                    model.take(finding)
                    model.updatedAt = now
                    try await model.save(on: transaction)
                }
                for model in stale {
                    model.isOpen = false
                    model.closedAt = now
                    model.updatedAt = now
                    try await model.save(on: transaction)
                }
                trail.note("opened", String(new.count))
                trail.note("updated", String(changed.count))
                trail.note("closed", String(stale.count))
                if case .copies(let copies) = scope { trail.note("copies", String(copies.count)) }
            }
            summary.opened = new.count
            summary.updated = changed.count
            summary.closed = stale.count
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// The open findings a run may close: all of them, or in a scoped run those of the copy-wide checks only for
    /// the copies in scope.
    private func openFindings(in scope: Scope, on database: any Database) async throws -> [FindingModel] {
        let open = try await FindingModel.query(on: database).filter(\.$isOpen == true).all()
        guard let copies = scope.copies else { return open }
        return open.filter { model in
            guard let check = ComplianceCheck(rawValue: model.check), Self.copyWideChecks.contains(check) else {
                return true
            }
            return copies.contains(model.subjectID)
        }
    }
}

extension FindingModel {
    func differs(from finding: Finding) -> Bool {
        severity != finding.severity.rawValue || subjectLabel != finding.subject.label
            || personID != finding.responsiblePerson || departmentID != finding.responsibleDepartment
            || due != finding.due || explanationZh != finding.explanation.zh || explanationEn != finding.explanation.en
    }
}
