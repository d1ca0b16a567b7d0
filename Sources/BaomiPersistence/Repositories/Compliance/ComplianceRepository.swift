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

    /// What a run looks at: every check over everything, or — after a change — the checks the change can affect,
    /// those about copies only for the copies it touched.
    public enum Scope: Sendable, Hashable {
        case everything
        /// `copies` nil: the checks about copies read every copy (a person's or a place's change).
        case change(checks: Set<ComplianceCheck>, copies: Set<UUID>?)

        /// After a change to these copies: the copy checks for them, and the cheap checks over everything.
        public static func copies(_ copies: Set<UUID>) -> Scope {
            .change(checks: ComplianceRepository.afterCopyChange, copies: copies)
        }

        var checks: Set<ComplianceCheck> {
            switch self {
            case .everything: Set(ComplianceCheck.allCases)
            case .change(let checks, _): checks
            }
        }

        var copies: Set<UUID>? {
            if case .change(_, let copies) = self { return copies }
            return nil
        }
    }

    /// The checks whose subjects are copies (or a copy's loan): a run after a change reads and settles them only for
    /// the copies it touched.
    public static let copyScopedChecks: Set<ComplianceCheck> = [
        .placeBelowLevel, .dataConsistency, .heldByLeaver, .retentionExpired, .loanDue,
    ]

    /// What a change to some copies can affect: the checks about those copies, and the ones cheap enough to run
    /// whole (their candidates come through small indexes).
    public static let afterCopyChange: Set<ComplianceCheck> = copyScopedChecks.union([
        .periodEnding, .inventoryDue, .destructionPending, .remarkPending, .requestWaiting,
    ])

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
            sql: try database.sql, today: ClearanceRepository.today(clock()), levels: levels, checks: scope.checks,
            copies: scope.copies, now: clock()
        ).load()
        var seen: Set<String> = []
        // One finding per key (a copy can lack its holder and its history at once: one data-consistency finding).
        return ComplianceCheck.allCases.filter(scope.checks.contains).flatMap {
            ComplianceRules.evaluate($0, records, levels: levels)
        }.filter { seen.insert($0.key).inserted }
    }

    /// Runs the checks and brings the stored findings in line; one audit record per run that changed anything
    /// (A5), none for a run that found the world as it was. What it checks is read on `reading` (the server's
    /// read-only connections, where a re-check after every change costs least), the findings written on `database`.
    ///
    /// Several servers on one PostgreSQL each run the checks: the write takes the findings' lock and compares with
    /// the findings stored by then, so of two runs that saw the same new finding one stores it and the other finds
    /// it there — no duplicate, no failed run.
    @discardableResult
    public func evaluate(
        scope: Scope = .everything, levels: LevelCatalogue, by actor: AuditActor = .system,
        reading: (any Database)? = nil, on database: any Database
    ) async throws -> Summary {
        let started = Date()
        let findings = try await currentFindings(scope: scope, levels: levels, on: reading ?? database)
        var summary = Summary()
        summary.open = findings.count
        // Most runs find the world as it was: compared on the reading connection, they write nothing.
        if !FindingChanges(findings, known: try await openFindings(in: scope, on: reading ?? database)).isEmpty {
            let now = clock()
            do {
                let changes = try await store.perform(on: database, by: actor, .complianceEvaluate) {
                    transaction, trail in
                    try await Self.lockFindings(on: transaction)
                    let changes = FindingChanges(findings, known: try await openFindings(in: scope, on: transaction))
                    if changes.isEmpty { throw StoredAlready() }
                    try await save(changes, at: now, on: transaction)
                    trail.note("opened", String(changes.new.count))
                    trail.note("updated", String(changes.changed.count))
                    trail.note("closed", String(changes.stale.count))
                    if let copies = scope.copies { trail.note("copies", String(copies.count)) }
                    return changes
                }
                summary.opened = changes.new.count
                summary.updated = changes.changed.count
                summary.closed = changes.stale.count
            } catch is StoredAlready {
                // Another server stored these findings between our read and our write: nothing left to do.
            }
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// What a run changes: findings to open, open ones that read differently now, open ones no longer seen.
    struct FindingChanges: Sendable {
        var new: [Finding]
        var changed: [(known: KnownFinding, now: Finding)]
        var stale: [KnownFinding]

        init(_ findings: [Finding], known: [KnownFinding]) {
            let byKey = Dictionary(findings.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            let knownKeys = Set(known.map(\.key))
            new = findings.filter { !knownKeys.contains($0.key) }
            changed = known.compactMap { known in
                byKey[known.key].flatMap { known.differs(from: $0) ? (known, $0) : nil }
            }
            stale = known.filter { byKey[$0.key] == nil }
        }

        var isEmpty: Bool { new.isEmpty && changed.isEmpty && stale.isEmpty }
    }

    /// Thrown inside the write when, under the lock, nothing is left to change: the transaction ends without a
    /// record.
    private struct StoredAlready: Error {}

    /// Serialises the writes of findings across servers for the rest of the transaction (PostgreSQL); on SQLite
    /// writers already take turns.
    static let findingsLockKey: Int64 = 0x0BA0_F1D5

    private static func lockFindings(on database: any Database) async throws {
        guard try SQLDialectKind(database) == .postgres else { return }
        try await database.sql.raw("SELECT pg_advisory_xact_lock(\(literal: findingsLockKey))").run()
    }

    private func save(_ changes: FindingChanges, at now: Date, on transaction: any Database) async throws {
        for finding in changes.new {
            let model = FindingModel()
            model.key = finding.key
            model.take(finding)
            model.openedAt = now
            model.updatedAt = now
            model.isOpen = true
            try await model.create(on: transaction)
        }
        let sql = try transaction.sql
        for (known, finding) in changes.changed {
            try await sql.raw(
                """
                UPDATE findings SET severity = \(bind: finding.severity.rawValue),
                    subject_label = \(bind: finding.subject.label), person_id = \(bind: finding.responsiblePerson),
                    department_id = \(bind: finding.responsibleDepartment), due = \(bind: finding.due),
                    explanation_zh = \(bind: finding.explanation.zh),
                    explanation_en = \(bind: finding.explanation.en), updated_at = \(bind: now)
                WHERE id = \(bind: known.id)
                """
            ).run()
        }
        for known in changes.stale {
            try await sql.raw(
                """
                UPDATE findings SET is_open = \(bind: false), closed_at = \(bind: now), updated_at = \(bind: now)
                WHERE id = \(bind: known.id)
                """
            ).run()
        }
    }

    /// An open finding as stored: what a run compares with what it sees now.
    struct KnownFinding: Sendable {
        var id: UUID
        var key: String
        var check: String
        var subjectID: UUID
        var severity: String
        var subjectLabel: String
        var personID: UUID?
        var departmentID: UUID?
        var due: String?
        var explanationZh: String
        var explanationEn: String

        func differs(from finding: Finding) -> Bool {
            severity != finding.severity.rawValue || subjectLabel != finding.subject.label
                || personID != finding.responsiblePerson || departmentID != finding.responsibleDepartment
                || due != finding.due || explanationZh != finding.explanation.zh
                || explanationEn != finding.explanation.en
        }
    }

    /// The open findings a run may close: all of them, or in a scoped run those of the copy-wide checks only for
    /// the copies in scope. Read as plain rows: a full run compares thousands of them.
    private func openFindings(in scope: Scope, on database: any Database) async throws -> [KnownFinding] {
        var query: SQLQueryString = """
            SELECT id, key, "check", subject_id, severity, subject_label, person_id, department_id, due,
                explanation_zh, explanation_en
            FROM findings WHERE is_open = \(bind: true)
            """
        if case .change(let checks, let touched) = scope {
            // This run's checks only; those about copies only for the touched copies and their loans.
            let sql = try database.sql
            let copies = touched ?? []
            var subjects = copies
            if checks.contains(.loanDue), !copies.isEmpty {
                for row in try await sql.raw("SELECT id FROM loans WHERE copy_id IN (\(Self.list(copies)))").all() {
                    subjects.insert(try row.decode(column: "id", as: UUID.self))
                }
            }
            let whole = (touched == nil ? checks : checks.subtracting(Self.copyScopedChecks)).map(\.rawValue)
            let scoped = touched == nil ? [] : checks.intersection(Self.copyScopedChecks).map(\.rawValue)
            query.appendLiteral(" AND (1 = 0")
            if !whole.isEmpty {
                let part: SQLQueryString = " OR \"check\" IN (\(Self.list(whole)))"
                query.appendInterpolation(part)
            }
            if !scoped.isEmpty && !subjects.isEmpty {
                let part: SQLQueryString =
                    " OR (\"check\" IN (\(Self.list(scoped))) AND subject_id IN (\(Self.list(subjects))))"
                query.appendInterpolation(part)
            }
            query.appendLiteral(")")
        }
        return try await database.sql.raw(query).all().map { row in
            KnownFinding(
                id: try row.decode(column: "id", as: UUID.self), key: try row.decode(column: "key", as: String.self),
                check: try row.decode(column: "check", as: String.self),
                subjectID: try row.decode(column: "subject_id", as: UUID.self),
                severity: try row.decode(column: "severity", as: String.self),
                subjectLabel: try row.decode(column: "subject_label", as: String.self),
                personID: try row.decode(column: "person_id", as: UUID?.self),
                departmentID: try row.decode(column: "department_id", as: UUID?.self),
                due: try row.decode(column: "due", as: String?.self),
                explanationZh: try row.decode(column: "explanation_zh", as: String.self),
                explanationEn: try row.decode(column: "explanation_en", as: String.self))
        }
    }

    private static func list<Value: Encodable & Sendable>(_ values: some Collection<Value>) -> SQLQueryString {
        var query: SQLQueryString = ""
        for (index, value) in values.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: value)
        }
        return query
    }
}
