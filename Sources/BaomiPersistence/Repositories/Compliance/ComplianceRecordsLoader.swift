import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Reads what the compliance checks need (REMIND), narrowed in SQL to the candidates each check can flag, each
/// through an index: the open borrowings due soon, the periods ending soon, the people who are not active and what
/// they hold… Only the copy-wide consistency checks read every copy, and a run after one change reads only the
/// copies it touched (`scope`).
struct ComplianceRecordsLoader {
    let sql: any SQLDatabase
    let today: String
    let levels: LevelCatalogue
    /// The checks to read for.
    let checks: Set<ComplianceCheck>
    /// nil: every copy; otherwise the copy-scoped checks read only these copies.
    let copies: Set<UUID>?
    let now: Date?

    static let live: SQLQueryString = {
        var list: SQLQueryString = ""
        for (index, state) in CopyState.allCases.filter(\.isLive).enumerated() {
            if index > 0 { list.appendLiteral(", ") }
            list.appendLiteral("'\(state.rawValue)'")
        }
        return list
    }()

    func load() async throws -> ComplianceRecords {
        var records = ComplianceRecords(today: today)
        records.now = now
        if checks.contains(.backupMissing) { records.backups = try await backups() }
        if checks.contains(.loanDue) { records.openLoans = try await openLoans() }
        if checks.contains(.periodEnding) { records.classifiedCarriers = try await carriersEndingSoon() }
        if checks.contains(.inventoryDue) { records.keepers = try await departmentKeepers() + placeKeepers() }
        if checks.contains(.heldByLeaver) { records.heldByInactive = try await heldByInactive() }
        if checks.contains(.clearedLeaver) { records.clearedInactive = try await clearedInactive() }
        if checks.contains(.departmentWithoutOfficer) { records.departments = try await departments() }
        if checks.contains(.retentionExpired) { records.retentions = try await retentions() }
        if checks.contains(.destructionPending) { records.approvedDestructions = try await approvedDestructions() }
        if checks.contains(.remarkPending) { records.openRemarkTasks = try await openRemarkTasks() }
        if checks.contains(.requestWaiting) {
            records.waitingRequests = try await waitingRequests()
            records.approvalWaitingDays = try await ChainCatalogue.waitingDays(sql: sql)
        }
        if !checks.isDisjoint(with: Self.trainingChecks) { records.training = try await training() }
        if !checks.isDisjoint(with: Self.postReviewChecks) { records.postReviews = try await postReviews() }
        if !checks.isDisjoint(with: Self.departureChecks) { records.departures = try await departures(today: today) }
        if !checks.isDisjoint(with: Self.agreementChecks) { records.agreements = try await agreements() }
        if !checks.isDisjoint(with: Self.travelChecks) { records.travel = try await travel() }
        if checks.contains(.trackingFileStale) { records.trackingFiles = try await trackingFiles() }
        if !checks.isDisjoint(with: [.cooperationUncovered, .cooperationEnding]) {
            records.cooperation = try await cooperation(today: today)
        }
        if checks.contains(.placeBelowLevel) { records.placedAboveLimit = try await placedAboveLimit() }
        if checks.contains(.dataConsistency) {
            records.holderMissing = try await holderMissing()
            records.withoutHistory = try await withoutHistory()
        }
        return records
    }

    private func day(_ date: Date?) -> String? { date.map(ClearanceRepository.today) }

    /// The newest successful and the newest of all `backup.create` records (S2); nil when none was ever taken.
    private func backups() async throws -> ComplianceRecords.BackupHistory? {
        let action = AuditAction.backupCreate.rawValue
        let latest = try await sql.raw(
            "SELECT outcome FROM audit_records WHERE action = \(bind: action) ORDER BY leaf_index DESC LIMIT 1"
        ).first()
        guard let latest else { return nil }
        let success = try await sql.raw(
            """
            SELECT recorded_at FROM audit_records WHERE action = \(bind: action) AND outcome = 'success'
            ORDER BY leaf_index DESC LIMIT 1
            """
        ).first()?.decode(column: "recorded_at", as: String.self)
        return ComplianceRecords.BackupHistory(
            lastSuccess: success.flatMap(UTCTimestamp.date(from:)),
            latestFailed: try latest.decode(column: "outcome", as: String.self) != AuditOutcome.success.rawValue)
    }

    func copyRecord(_ row: any SQLRow, id: String = "copy_id") throws -> ComplianceRecords.CopyRecord {
        ComplianceRecords.CopyRecord(
            id: try row.decode(column: id, as: UUID.self),
            code:
                "\(try row.decode(column: "number", as: String.self))/\(try row.decode(column: "serial", as: Int.self))",
            departmentID: try row.decode(column: "copy_department_id", as: UUID.self))
    }

    /// ` AND k.id IN (…)` for a run after a change; nothing for a full run.
    let copyScope: SQLQueryString

    init(
        sql: any SQLDatabase, today: String, levels: LevelCatalogue, checks: Set<ComplianceCheck>, copies: Set<UUID>?,
        now: Date? = nil
    ) {
        self.sql = sql
        self.now = now
        self.today = today
        self.levels = levels
        self.checks = checks
        self.copies = copies
        copyScope = Self.scope(copies)
    }

    static func scope(_ copies: Set<UUID>?) -> SQLQueryString {
        guard let copies else { return "" }
        if copies.isEmpty { return " AND 1 = 0" }
        var query: SQLQueryString = " AND k.id IN ("
        // In a stable order: the same copies make the same statement, prepared once.
        for (index, id) in copies.map({ ($0.sqliteText, $0) }).sorted(by: { $0.0 < $1.0 }).enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: id.1)
        }
        query.appendLiteral(")")
        return query
    }

    private func openLoans() async throws -> [ComplianceRecords.OpenLoan] {
        let horizon = SecrecyPeriod.day(today, plus: ComplianceRules.loanWarningDays)
        return try await sql.raw(
            """
            SELECT l.id, l.copy_id, l.borrower_person_id, l.borrower_name, l.return_date, c.number, k.serial,
                k.department_id AS copy_department_id
            FROM loans l JOIN copies k ON k.id = l.copy_id JOIN carriers c ON c.id = k.carrier_id
            WHERE l.is_open = true AND l.return_date <= \(bind: horizon) AND l.issued_at IS NOT NULL
                AND l.returned_at IS NULL\(copyScope)
            """
        ).all().map { row in
            ComplianceRecords.OpenLoan(
                id: try row.decode(column: "id", as: UUID.self), copy: try copyRecord(row),
                borrowerID: try row.decode(column: "borrower_person_id", as: UUID?.self),
                borrowerName: try row.decode(column: "borrower_name", as: String.self),
                due: try row.decode(column: "return_date", as: String.self))
        }
    }

    private func carriersEndingSoon() async throws -> [ComplianceRecords.ClassifiedCarrier] {
        let horizon = SecrecyPeriod.day(today, plus: ComplianceRules.periodWarningDays)
        return try await sql.raw(
            """
            SELECT c.id, c.number, c.title, c.level, c.period, c.classified_on, c.created_at, c.department_id
            FROM carriers c
            WHERE c.period_end IS NOT NULL AND c.period_end <= \(bind: horizon)
                AND EXISTS (SELECT 1 FROM copies k WHERE k.carrier_id = c.id AND k.state IN (\(Self.live)))
            """
        ).all().map { row in
            let period = try row.decode(column: "period", as: String.self)
            return ComplianceRecords.ClassifiedCarrier(
                id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                level: LevelID(rawValue: try row.decode(column: "level", as: String.self)),
                period: (try? JSONDecoder().decode(SecrecyPeriod.self, from: Data(period.utf8))) ?? .unmarked,
                classifiedOn: try row.decode(column: "classified_on", as: String?.self)
                    ?? day(try row.decode(column: "created_at", as: Date?.self)) ?? today,
                departmentID: try row.decode(column: "department_id", as: UUID.self))
        }
    }

    private func departmentKeepers() async throws -> [ComplianceRecords.Keeper] {
        try await sql.raw(
            """
            SELECT d.id, d.name,
                (SELECT MAX(i.closed_at) FROM inventories i WHERE i.department_id = d.id AND i.closed_at IS NOT NULL)
                    AS last_inventory
            FROM org_units d
            WHERE EXISTS (SELECT 1 FROM copies k WHERE k.department_id = d.id AND k.state IN (\(Self.live)))
            """
        ).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return ComplianceRecords.Keeper(
                kind: .department, id: id, name: try row.decode(column: "name", as: String.self), departmentID: id,
                lastInventory: day(try row.decode(column: "last_inventory", as: Date?.self)))
        }
    }

    private func placeKeepers() async throws -> [ComplianceRecords.Keeper] {
        try await sql.raw(
            """
            SELECT s.id, s.name, s.department_id, s.custodian_id,
                (SELECT MAX(i.closed_at) FROM inventories i WHERE i.closed_at IS NOT NULL
                    AND (i.place_id = s.id OR i.department_id = s.department_id)) AS last_inventory
            FROM storage_places s
            WHERE EXISTS (SELECT 1 FROM copies k WHERE k.place_id = s.id AND k.state IN (\(Self.live)))
            """
        ).all().map { row in
            ComplianceRecords.Keeper(
                kind: .place, id: try row.decode(column: "id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                custodianID: try row.decode(column: "custodian_id", as: UUID?.self),
                lastInventory: day(try row.decode(column: "last_inventory", as: Date?.self)))
        }
    }

    private func person(_ row: any SQLRow, prefix: String = "") throws -> ComplianceRecords.PersonRecord {
        ComplianceRecords.PersonRecord(
            id: try row.decode(column: "\(prefix)id", as: UUID.self),
            name: try row.decode(column: "\(prefix)name", as: String.self),
            departmentID: try row.decode(column: "\(prefix)department_id", as: UUID.self),
            status: PersonStatus(rawValue: try row.decode(column: "\(prefix)status", as: String.self)) ?? .active,
            postClass: SecretPostClass(rawValue: try row.decode(column: "\(prefix)post_class", as: String.self))
                ?? .nonSecret)
    }

    private func heldByInactive() async throws -> [ComplianceRecords.HeldCopy] {
        try await sql.raw(
            """
            SELECT k.id AS copy_id, c.number, k.serial, k.department_id AS copy_department_id, p.id AS person_id,
                p.name AS person_name, p.department_id AS person_department_id, p.status AS person_status,
                p.post_class AS person_post_class
            FROM copies k JOIN people p ON p.id = k.holder_id JOIN carriers c ON c.id = k.carrier_id
            WHERE k.holder_id IN (SELECT i.id FROM people i WHERE i.status <> 'active') AND k.state IN (\(Self.live))\(copyScope)
            """
        ).all().map { row in
            ComplianceRecords.HeldCopy(copy: try copyRecord(row), holder: try person(row, prefix: "person_"))
        }
    }

    private func clearedInactive() async throws -> [ComplianceRecords.PersonRecord] {
        try await sql.raw(
            """
            SELECT id, name, department_id, status, post_class FROM people
            WHERE status <> 'active' AND post_class <> 'nonSecret'
            """
        ).all().map { try person($0) }
    }

    private func departments() async throws -> [ComplianceRecords.DepartmentRecord] {
        try await sql.raw(
            """
            SELECT d.id, d.name,
                (SELECT COUNT(*) FROM department_secrecy_officers o WHERE o.org_unit_id = d.id) AS officers
            FROM org_units d WHERE d.kind = 'department'
            """
        ).all().map { row in
            ComplianceRecords.DepartmentRecord(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                secrecyOfficers: try row.decode(column: "officers", as: Int.self))
        }
    }

    private func retentions() async throws -> [ComplianceRecords.Retention] {
        let rows = try await sql.raw(
            """
            SELECT r.number AS request_number, r.payload, r.created_at, k.id AS copy_id, k.holder_id, c.number,
                k.serial, k.department_id AS copy_department_id, p.name AS holder_name
            FROM requests r JOIN request_items i ON i.request_id = r.id JOIN copies k ON k.id = i.copy_id
            JOIN carriers c ON c.id = k.carrier_id JOIN people p ON p.id = k.holder_id
            WHERE r.kind = 'retain' AND r.state = 'done' AND k.state IN (\(Self.live))\(copyScope)
            ORDER BY r.created_at
            """
        ).all()
        // The latest approval for a copy decides; an earlier one for the same copy is history.
        var byCopy: [UUID: ComplianceRecords.Retention] = [:]
        for row in rows {
            let payload = try row.decode(column: "payload", as: String.self)
            guard
                let facts = Retain.decodePayload(Data(payload.utf8)),
                let retainer = facts.retainerID, let until = facts.until, SecrecyPeriod.isDate(until),
                try row.decode(column: "holder_id", as: UUID?.self) == retainer
            else { continue }
            let copy = try copyRecord(row)
            byCopy[copy.id] = ComplianceRecords.Retention(
                requestNumber: try row.decode(column: "request_number", as: String.self), copy: copy,
                retainerID: retainer, retainerName: try row.decode(column: "holder_name", as: String.self),
                until: until)
        }
        return Array(byCopy.values)
    }

    private func approvedDestructions() async throws -> [ComplianceRecords.PendingRequest] {
        try await sql.raw(
            """
            SELECT r.id, r.number, r.created_at,
                (SELECT MAX(s.decided_at) FROM request_steps s WHERE s.request_id = r.id) AS approved_at,
                (SELECT COUNT(*) FROM request_items i WHERE i.request_id = r.id) AS copies
            FROM requests r WHERE r.kind = 'destroy' AND r.state = 'approved'
            """
        ).all().map { row in
            ComplianceRecords.PendingRequest(
                id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                approvedOn: day(
                    try row.decode(column: "approved_at", as: Date?.self)
                        ?? row.decode(column: "created_at", as: Date.self)) ?? today,
                copies: try row.decode(column: "copies", as: Int.self))
        }
    }

    /// The requests waiting for a decision (`request_waiting`), each since its step began to wait.
    private func waitingRequests() async throws -> [ComplianceRecords.PendingRequest] {
        try await sql.raw(
            """
            SELECT r.id, r.number, MIN(w.since) AS since FROM request_waiting w JOIN requests r ON r.id = w.request_id
            GROUP BY r.id, r.number
            """
        ).all().map { row in
            ComplianceRecords.PendingRequest(
                id: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                approvedOn: day(try row.decode(column: "since", as: Date.self)) ?? today, copies: 0)
        }
    }

    private func openRemarkTasks() async throws -> [ComplianceRecords.OpenTask] {
        try await sql.raw(
            """
            SELECT t.id, t.person_id, t.created_at, c.number, c.department_id, k.serial
            FROM tasks t JOIN carriers c ON c.id = t.carrier_id LEFT JOIN copies k ON k.id = t.copy_id
            WHERE t.kind = 'remark' AND t.done_at IS NULL
            """
        ).all().map { row in
            let number = try row.decode(column: "number", as: String.self)
            return ComplianceRecords.OpenTask(
                id: try row.decode(column: "id", as: UUID.self),
                personID: try row.decode(column: "person_id", as: UUID.self),
                carrierNumber: number,
                copyCode: try row.decode(column: "serial", as: Int?.self).map { "\(number)/\($0)" },
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                createdOn: day(try row.decode(column: "created_at", as: Date.self)) ?? today)
        }
    }
}
