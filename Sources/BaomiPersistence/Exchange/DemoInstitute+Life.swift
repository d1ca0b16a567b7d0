import BaomiDomain
import FluentKit
import Foundation

/// The institute at work on the day it is shown (#13): copies lent and not yet back — one of them overdue — one
/// returned, a borrowing waiting for its officer, and this year's inventory of every department and place that keeps
/// copies, so a first look shows a register in use rather than a year of missed inventories. Every step goes through
/// `RequestRepository` and `InventoryRepository`, acted by the accounts that would act; what happened weeks ago runs
/// those repositories with a clock set to that day.
extension DemoInstitute.Builder {
    /// A borrowing in the demo: who borrows, whose department's copy, when (days before today) and for how long.
    private struct LoanPlan {
        var borrower: String
        var department: String
        var daysAgo: Int
        var days: Int
        var outcome: Outcome

        enum Outcome { case waiting, lent, returned }
    }

    private static let loanPlans: [LoanPlan] = [
        LoanPlan(borrower: "staff1", department: "ZTB", daysAgo: 2, days: 5, outcome: .lent),
        LoanPlan(borrower: "leader", department: "YJ1", daysAgo: 20, days: 7, outcome: .lent),
        LoanPlan(borrower: "leader", department: "SYZX", daysAgo: 40, days: 5, outcome: .returned),
        LoanPlan(borrower: "staff1", department: "ZTB", daysAgo: 0, days: 3, outcome: .waiting),
    ]

    mutating func loans() async throws {
        // The archive's reading room is the place of use (L1.2): cleared up to 机密.
        guard let readingRoom = placeIDs.first(where: { $0.plan.kind == .readingRoom })?.id,
            let roomLevel = catalogue.definition(
                placeIDs.first(where: { $0.plan.kind == .readingRoom })?.plan.maxLevel ?? .internal)
        else { return }
        let levels = catalogue.levels.filter {
            $0.regime == roomLevel.regime && $0.protectionWeight <= roomLevel.protectionWeight
        }.map(\.id.rawValue)
        var used: Set<UUID> = []
        for plan in Self.loanPlans {
            guard let borrower = requestActors[plan.borrower], let officer = officerActors[plan.department],
                let approver = requestActors[officer.actor.name], let departmentID = departmentIDs[plan.department]
            else { continue }
            let candidates = try await CopyModel.query(on: database)
                .join(CarrierModel.self, on: \CopyModel.$carrier.$id == \CarrierModel.$id)
                .filter(\.$state == CopyState.stored.rawValue)
                .filter(CarrierModel.self, \.$department.$id == departmentID)
                .filter(CarrierModel.self, \.$level ~~ levels)
                .filter(CarrierModel.self, \.$project.$id == nil)
                .sort(CarrierModel.self, \.$number).sort(\.$serial).all()
            guard let copy = candidates.first(where: { !used.contains($0.id ?? UUID()) }), let copyID = copy.id else {
                continue
            }
            used.insert(copyID)
            let day = Date().addingTimeInterval(-Double(plan.daysAgo) * 86_400)
            let requests = RequestRepository(store: store, clock: { day })
            let payload = Borrow.Payload(
                placeID: readingRoom, returnDate: SecrecyPeriod.day(ClearanceRepository.today(day), plus: plan.days))
            let request = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copyID], reason: "方案评审查阅", payload: payload,
                catalogue: catalogue, by: borrower, on: database)
            if plan.outcome == .waiting { continue }
            let id = try request.requireID()
            try await requests.decide(
                id, verdict: .approve, comment: "同意，阅后按时归还", catalogue: catalogue, by: approver, on: database)
            try await requests.issue(id, by: approver, on: database)
            if plan.outcome == .returned {
                let back = day.addingTimeInterval(Double(plan.days - 1) * 86_400)
                try await RequestRepository(store: store, clock: { back }).returnLoan(
                    id, force: false, by: borrower, on: database)
                continue
            }
            summary.openLoans += 1
            if plan.daysAgo > plan.days { summary.overdueLoans += 1 }
        }
    }

    /// This year's inventory of every department and every place that keeps copies (C6), by whoever keeps them:
    /// opened, every listed copy found, closed.
    mutating func inventories() async throws {
        let inventories = InventoryRepository(store: store)
        for department in DemoInstitute.departments {
            guard let departmentID = departmentIDs[department.code] else { continue }
            try await inventory(
                "\(departmentNames[department.code] ?? department.code)年度清查", departmentID: departmentID,
                placeID: nil, by: steward(of: department.code).0, with: inventories)
        }
        for (plan, placeID) in placeIDs {
            try await inventory(
                "\(plan.name)年度清查", departmentID: nil, placeID: placeID, by: steward(of: plan.department).0,
                with: inventories)
        }
    }

    private mutating func inventory(
        _ name: String, departmentID: UUID?, placeID: UUID?, by actor: AuditActor, with inventories: InventoryRepository
    ) async throws {
        let opened = try await inventories.open(
            name: name, departmentID: departmentID, placeID: placeID, by: actor, on: database)
        let id = try opened.requireID()
        let listed = try await inventories.inventory(id, on: database).items
        // A place or department keeping nothing has nothing to inventory.
        guard !listed.isEmpty else {
            try await inventories.close(id, by: actor, on: database)
            summary.inventories += 1
            return
        }
        let codes = listed.map { "\($0.copy.carrier.number)/\($0.copy.serial)" }
        _ = try await inventories.tick(id, found: codes, by: actor, on: database)
        try await inventories.close(id, by: actor, on: database)
        summary.inventories += 1
    }
}
