import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import SQLKit
import Vapor

/// Keeps the findings current (REMIND): every check at start and then at the interval, and after each committed
/// change a re-check of what it touched — findings open and close within a second of the change that causes them.
struct ComplianceSchedule: LifecycleHandler {
    let interval: Duration
    /// Changes arriving within this window are checked together.
    static let settle: Duration = .milliseconds(300)

    /// Actions that change nothing a check reads.
    static let ignored: Set<AuditAction> = [
        .carrierView, .ledgerExport, .complianceEvaluate, .languageChange, .auditVerify, .auditCheckpoint,
    ]

    func didBootAsync(_ application: Application) async throws {
        let runner = ComplianceRunner(application: application)
        let periodic = Task { [interval] in
            while !Task.isCancelled {
                await runner.run(.everything)
                try? await Task.sleep(for: interval)
            }
        }
        var tasks = [periodic]
        if let changes = application.baomi.changes {
            tasks.append(
                Task {
                    for await change in changes where !Self.ignored.contains(change.action) {
                        await runner.note(change)
                    }
                })
        }
        application.storage[ComplianceTasksKey.self] = tasks
    }

    func shutdownAsync(_ application: Application) async {
        for task in application.storage[ComplianceTasksKey.self] ?? [] { task.cancel() }
    }
}

struct ComplianceTasksKey: StorageKey {
    typealias Value = [Task<Void, Never>]
}

/// One evaluation at a time in this process; a failed run is logged and the next one tries again.
actor ComplianceRunner {
    let application: Application
    private var pending: [StoreChange] = []
    private var flushScheduled = false
    /// The run in progress: the next one waits for it, so two never write findings at once.
    private var last: Task<Void, Never>?

    init(application: Application) {
        self.application = application
    }

    /// Collects a change; the first of a burst schedules one re-check of all of them after a short settle.
    func note(_ change: StoreChange) {
        pending.append(change)
        guard !flushScheduled else { return }
        flushScheduled = true
        Task {
            try? await Task.sleep(for: ComplianceSchedule.settle)
            await self.flush()
        }
    }

    private func flush() async {
        let batch = pending
        pending = []
        flushScheduled = false
        let copies: Set<UUID>
        do {
            copies = try await self.copies(touchedBy: batch)
        } catch {
            application.logger.warning("compliance re-check failed: \(String(reflecting: error))")
            return
        }
        let checks = batch.reduce(into: Set<ComplianceCheck>()) { $0.formUnion(Self.checks(after: $1.action)) }
        if checks.isEmpty { return }
        // A person's, a place's or a setting's change reaches copies no subject names: their checks read all copies.
        let wide = batch.contains {
            !Self.copyActions.contains($0.action)
                && !Self.checks(after: $0.action).isDisjoint(with: ComplianceRepository.copyScopedChecks)
        }
        await run(.change(checks: checks, copies: wide ? nil : copies))
    }

    /// Actions whose audit subject names the copies they changed (a copy, a request, a carrier).
    static let copyActions: Set<AuditAction> = [
        .copyStep, .loanIssue, .loanReturn, .carrierRegister, .carrierImport, .requestSubmit, .requestDecide,
        .requestWithdraw, .requestReturn, .requestResubmit, .destructionConfirm, .carrierCarryOver,
    ]

    /// The checks a change can affect; the scheduled full run covers the rest (a new day, say).
    static func checks(after action: AuditAction) -> Set<ComplianceCheck> {
        if copyActions.contains(action) { return ComplianceRepository.afterCopyChange }
        return switch action {
        case .secrecyOfficerAssign, .orgUnitCreate, .orgUnitUpdate: [.departmentWithoutOfficer]
        case .personCreate, .personUpdate, .clearanceChange:
            [
                .clearedLeaver, .heldByLeaver, .refresherOverdue, .inductionMissing, .prePostMissing, .onPostMissing,
                .reReviewDue, .priorObligationConflict, .agreementMissing,
            ]
        case .clearanceReview, .reviewPolicy, .priorObligation: [.reReviewDue, .priorObligationConflict]
        case .agreementDraft, .agreementStep, .agreementPayment:
            [.agreementMissing, .agreementEnding, .remunerationUnpaid]
        case .inventoryOpen, .inventoryClose: [.inventoryDue]
        case .taskDone: [.remarkPending]
        case .placeCreate, .placeUpdate: [.placeBelowLevel, .inventoryDue]
        case .settingsChange: Set(ComplianceCheck.allCases)
        case .backupCreate, .backupRestore: [.backupMissing]
        case .trainingSessionRecord, .trainingAttend, .trainingPlan, .trainingCalendar, .trainingPolicy:
            [
                .refresherOverdue, .inductionMissing, .prePostMissing, .onPostMissing, .plannedSessionLate,
                .briefingMissing,
            ]
        case .tripReport, .travelDocumentOut, .travelDocumentIn, .travelPolicy:
            [.debriefingMissing, .passportNotReturned]
        case .trackingOpen, .trackingEntry, .trackingClose, .leftWithoutConsent: [.trackingFileStale]
        case .cooperationCreate, .cooperationUpdate: [.cooperationUncovered, .cooperationEnding]
        default: []
        }
    }

    func run(_ scope: ComplianceRepository.Scope) async {
        let previous = last
        let next = Task {
            await previous?.value
            await self.evaluate(scope)
        }
        last = next
        await next.value
    }

    private func evaluate(_ scope: ComplianceRepository.Scope) async {
        do {
            let levels = try await application.baomi.settings.levelCatalogue(on: application.reads)
            try await application.baomi.compliance.evaluate(
                scope: scope, levels: levels, reading: application.reads, on: application.db)
        } catch {
            application.logger.warning("compliance check failed: \(String(reflecting: error))")
        }
    }

    /// The copies a batch of changes touched: the copy itself, a request's copies, a carrier's copies.
    func copies(touchedBy changes: [StoreChange]) async throws -> Set<UUID> {
        var copies: Set<UUID> = []
        let sql = try application.reads.sql
        for change in changes {
            guard let subject = change.subject, let id = subject.id.flatMap(UUID.init(uuidString:)) else { continue }
            switch subject.type {
            case "copy":
                copies.insert(id)
            case "request":
                for row in try await sql.raw("SELECT copy_id FROM request_items WHERE request_id = \(bind: id)").all() {
                    copies.insert(try row.decode(column: "copy_id", as: UUID.self))
                }
            case "carrier":
                for row in try await sql.raw("SELECT id FROM copies WHERE carrier_id = \(bind: id)").all() {
                    copies.insert(try row.decode(column: "id", as: UUID.self))
                }
            default:
                continue
            }
        }
        return copies
    }
}
