import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Plot
import Vapor

enum DashboardController {
    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.requireViewer()
        let context = PageContext(request)
        let database = request.db
        var tiles: [DashboardPage.Tile] = []
        var warnings: [String] = []
        var personal: [BodyNode] = [
            AccountNoticesSection.render(
                context, notices: try await AccountChangesController.notices(request, viewer: viewer))
        ]
        if viewer.can(.viewOrganisation) {
            let units = try await OrgUnitModel.query(on: database).all()
            let officers = try await SecrecyOfficerModel.query(on: database).all()
            let departments = units.filter { $0.kind == OrgUnitKind.department.rawValue }
            let withoutOfficer = departments.filter { unit in !officers.contains { $0.$orgUnit.id == unit.id } }.count
            tiles.append(
                .init(
                    title: context.t("组织机构", "Org units"), value: String(units.count), route: .orgUnits,
                    note: context.t("部门 \(departments.count) 个", "\(departments.count) departments")))
            tiles.append(
                .init(
                    title: context.t("人员", "People"), value: String(try await PersonModel.query(on: database).count()),
                    route: .people, note: ""))
            if withoutOfficer > 0 {
                warnings.append(
                    context.t(
                        "\(withoutOfficer) 个部门尚未指定保密员 (T4)。",
                        "\(withoutOfficer) department(s) have no secrecy officer (T4)."))
            }
            if try await WorkingGroupMemberModel.query(on: database).filter(\.$role == WorkingGroupRole.head.rawValue)
                .count() == 0
            {
                warnings.append(context.t("保密工作小组尚无组长 (T4)。", "The working group has no head (T4)."))
            }
        }
        if viewer.can(.manageRoles) || viewer.can(.manageAccounts) {
            let pending = try await request.baomi.accountChanges.list(state: .pending, on: database).count
            if pending > 0 || viewer.can(.manageRoles) {
                tiles.append(
                    .init(
                        title: context.t("双人复核", "Two-person changes"), value: String(pending), route: .accountChanges,
                        note: context.t("待复核 (S1)", "waiting (S1)")))
            }
        }
        if viewer.can(.manageAccounts) || viewer.can(.unlockAccounts) {
            let accounts = try await AccountModel.query(on: database).all()
            let locked = accounts.filter { $0.lockedAt != nil }.count
            tiles.append(
                .init(
                    title: context.t("账号", "Accounts"), value: String(accounts.count), route: .accounts,
                    note: context.t("锁定 \(locked) 个", "\(locked) locked")))
        }
        if viewer.can(.readAdministratorAudit) || viewer.can(.readUserAudit) {
            let size = try await request.baomi.store.audit.size(on: database)
            tiles.append(
                .init(
                    title: context.t("审计记录", "Audit records"), value: String(size), route: .audit,
                    note: context.t("防篡改日志", "tamper-evident log")))
        }
        if viewer.can(.decideRequests) {
            let waiting = try await request.baomi.requests.inboxCount(
                try await request.deciderContext(viewer), on: database)
            tiles.append(
                .init(
                    title: context.t("待我审批", "Waiting for me"), value: String(waiting), route: .inbox,
                    note: context.t("复制、销毁、变更", "copying, destruction, changes")))
        }
        if viewer.can(.viewCarriers) {
            var query = CarrierLedgerQuery()
            query.viewer = try await request.ledgerViewer(viewer)
            tiles.append(
                .init(
                    title: context.t("在册载体份", "Copies on the register"),
                    value: String(try await query.copies(on: database).total), route: .carrierCopies, note: ""))
            query.awaitingReceipt = true
            query.departments = try await request.carrierDepartments(viewer)
            let awaiting = try await query.copies(on: database).total
            if awaiting > 0 {
                tiles.append(
                    .init(
                        title: context.t("待签收", "Awaiting receipt"), value: String(awaiting), route: .carrierCopies,
                        note: context.t("发往本部门的载体 (C2)", "sent to this department (C2)"), query: "?awaiting=1"))
            }
            if viewer.can(.manageCarriers) {
                // Handed back and waiting for the keeper's check-in (C4).
                query.awaitingReceipt = false
                query.states = [CopyState.returning.rawValue]
                let returning = try await query.copies(on: database).total
                if returning > 0 {
                    tiles.append(
                        .init(
                            title: context.t("待清点入库", "Waiting for check-in"), value: String(returning),
                            route: .carrierCopies, note: context.t("已交还的载体 (C4)", "handed back (C4)"),
                            query: "?state=returning"))
                }
            }
        }
        var tasks: [VisibleTask] = []
        let today = ClearanceRepository.today(request.baomi.clock())
        if let person = viewer.account.$person.id {
            tasks = try await request.visibleTasks(of: person, viewer: viewer)
            if viewer.can(.borrowCarriers) {
                let held = try await request.visibleLoans(
                    try await request.baomi.requests.loans(borrower: person, outOnly: true, on: database),
                    viewer: viewer, duty: true)
                personal.append(
                    LoanPages.holdings(
                        context, loans: held.map { HoldingLine($0, today: today, context: context) }))
                let overdue = held.filter { $0.loan.isOverdue(today: today) }
                    .count
                if overdue > 0 {
                    warnings.append(
                        context.t(
                            "您有 \(overdue) 份载体已逾期未还，请及时归还 (L1.9)。",
                            "\(overdue) of the copies you hold are overdue: return them (L1.9)."))
                }
            }
        }
        if viewer.can(.borrowCarriers) {
            let mine = try await request.baomi.requests.list(kind: nil, openOnly: false, on: database)
                .filter { $0.requesterID == viewer.accountID && $0.state != RequestState.done.rawValue }
            let sights = try await request.carrierSights(of: mine, viewer: viewer)
            personal.append(
                RequestPages.mine(
                    context, rows: mine.map { RequestRow($0, sights: sights, context: context) }))
        }
        if viewer.can(.manageCarriers) {
            // The keepers see what is out and overdue in their departments (L1.9).
            let departments = try await request.carrierDepartments(viewer)
            let out = try await request.visibleLoans(
                try await request.baomi.requests.loans(outOnly: true, on: database).filter { loan in
                    departments.map {
                        $0.contains(loan.copy.departmentID) || $0.contains(loan.copy.carrier.$department.id)
                    } ?? true
                }, viewer: viewer, duty: false)
            let overdue = out.filter { $0.loan.isOverdue(today: today) }.count
            tiles.append(
                .init(
                    title: context.t("借出未还", "Out on loan"), value: String(out.count),
                    route: .register(Register.borrowing.rawValue),
                    note: overdue > 0 ? context.t("逾期 \(overdue) 份 (L1.9)", "\(overdue) overdue (L1.9)") : ""))
        }
        if viewer.can(.viewFindings) {
            // My findings, most urgent first: the officer's include the department's, the office's everything.
            var query = FindingQuery()
            query.viewer = try await request.findingViewer(viewer)
            query.limit = 5
            let findings = try await query.run(on: database)
            tiles.append(
                .init(
                    title: context.t("合规提醒", "Findings"), value: String(findings.total), route: .findings,
                    note: context.t("未关闭", "open")))
            personal.append(
                FindingsPage.summary(
                    context, rows: try await request.visibleFindings(findings.rows, viewer: viewer),
                    total: findings.total))
        }
        return HTMLPage(
            html: DashboardPage.render(context, tiles: tiles, warnings: warnings, tasks: tasks, personal: personal))
    }
}
