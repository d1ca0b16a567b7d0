import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Prometheus
import SQLKit
import Vapor

/// Registers every page, API operation and operational endpoint.
enum Routes {
    static func register(on app: Application, metrics: PrometheusCollectorRegistry) {
        pages(on: app)
        let registry = app.apiRegistry
        AuthAPI.register(registry, on: app)
        OrganisationAPI.register(registry, on: app)
        AccountsAPI.register(registry, on: app)
        AccountChangesAPI.register(registry, on: app)
        EmailAPI.register(registry, on: app)
        AuditAPI.register(registry, on: app)
        CarriersAPI.register(registry, on: app)
        RequestsAPI.register(registry, on: app)
        ApprovalAPI.register(registry, on: app)
        ApprovalFormAPI.register(registry, on: app)
        AttachmentsAPI.register(registry, on: app)
        RegistersAPI.register(registry, on: app)
        ClearanceAPI.register(registry, on: app)
        OverviewAPI.register(registry, on: app)
        FindingsAPI.register(registry, on: app)
        ReportsAPI.register(registry, on: app)
        ExamsAPI.register(registry, on: app)
        TrainingAPI.register(registry, on: app)
        DepartureAPI.register(registry, on: app)
        TrainingPlansAPI.register(registry, on: app)
        TrainingMaterialsAPI.register(registry, on: app)
        PostReviewsAPI.register(registry, on: app)
        KeyProjectsAPI.register(registry, on: app)
        AgreementsAPI.register(registry, on: app)
        CooperationContractsAPI.register(registry, on: app)
        TravelAPI.register(registry, on: app)
        PostsAPI.register(registry, on: app)
        operational(on: app, metrics: metrics, registry: registry)
    }

    private static func get(
        _ app: Application, _ route: SiteRoute,
        _ handler: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable
    ) {
        app.get(route.pattern.map(PathComponent.init(stringLiteral:)), use: handler)
    }

    private static func post(
        _ app: Application, _ route: SiteRoute,
        _ handler: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable
    ) {
        app.post(route.pattern.map(PathComponent.init(stringLiteral:)), use: handler)
    }

    private static func pages(on app: Application) {
        let anyID = UUID()
        get(app, .dashboard, DashboardController.page)
        get(app, .overview, OverviewController.page)
        get(app, .login, AuthController.loginPage)
        post(app, .login, AuthController.login)
        post(app, .logout, AuthController.logout)
        get(app, .language("zh"), AuthController.setAnonymousLanguage)
        get(app, .profile, ProfileController.page)
        get(app, .profilePassword, AuthController.passwordPage)
        post(app, .profilePassword, AuthController.changePassword)
        post(app, .profileLanguage, AuthController.setLanguage)
        post(app, .profileTOTPStart, ProfileController.startTOTP)
        post(app, .profileTOTPConfirm, ProfileController.confirmTOTP)
        post(app, .profileTOTPDisable, ProfileController.disableTOTP)
        post(app, .profileEmail, EmailController.setOwn)
        get(app, .orgUnits, OrganisationController.units)
        get(app, .orgUnitNew, OrganisationController.newUnitPage)
        post(app, .orgUnitNew, OrganisationController.createUnit)
        get(app, .orgUnit(anyID), OrganisationController.unit)
        post(app, .orgUnit(anyID), OrganisationController.updateUnit)
        post(app, .orgUnitSecrecyOfficer(anyID), OrganisationController.setSecrecyOfficer)
        post(app, .orgUnitLeaders(anyID), OrganisationController.setLeaders)
        post(app, .orgUnitManaging(anyID), OrganisationController.setManagingDepartment)
        get(app, .people, PeopleController.list)
        get(app, .personNew, PeopleController.newPage)
        post(app, .personNew, PeopleController.create)
        get(app, .person(anyID), PeopleController.detail)
        post(app, .person(anyID), PeopleController.update)
        get(app, .workingGroup, PeopleController.workingGroup)
        post(app, .workingGroup, PeopleController.changeWorkingGroup)
        get(app, .accounts, AccountsController.list)
        get(app, .accountNew, AccountsController.newPage)
        post(app, .accountNew, AccountsController.create)
        get(app, .account(anyID), AccountsController.detail)
        post(app, .account(anyID), AccountsController.update)
        post(app, .accountPasswordReset(anyID), AccountsController.resetPassword)
        post(app, .accountRoles(anyID), AccountsController.setRoles)
        post(app, .accountUnlock(anyID), AccountsController.unlock)
        post(app, .accountEmail(anyID), EmailController.setForAccount)
        get(app, .accountChanges, AccountChangesController.list)
        post(app, .accountChangeDecide(anyID), AccountChangesController.decide)
        post(app, .accountChangeWithdraw(anyID), AccountChangesController.withdraw)
        post(app, .noticeAcknowledge(anyID), AccountChangesController.acknowledgeNotice)
        get(app, .roles, AccountsController.roles)
        get(app, .settings, SettingsController.page)
        post(app, .settings, SettingsController.save)
        get(app, .audit, AuditController.page)
        post(app, .auditVerify, AuditController.verify)
        get(app, .carriers, LedgerController.carriers)
        get(app, .carrierCopies, LedgerController.copies)
        get(app, .carrierExport, LedgerController.exportCarriers)
        get(app, .copiesExport, LedgerController.exportCopies)
        get(app, .carrierWorkbook, LedgerController.exportCarriers)
        get(app, .copiesWorkbook, LedgerController.exportCopies)
        get(app, .carrierNew, CarriersController.newPage)
        post(app, .carrierNew, CarriersController.create)
        get(app, .carrier(anyID), CarriersController.detail)
        get(app, .copy(anyID), CarriersController.copy)
        post(app, .copyStep(anyID), CarriersController.applyStepFromForm)
        post(app, .copyReadings(anyID), CarriersController.recordReadingFromForm)
        get(app, .copyLabel(anyID), CarriersController.label)
        get(app, .places, PlacesController.list)
        get(app, .placeNew, PlacesController.newPage)
        post(app, .placeNew, PlacesController.save)
        get(app, .place(anyID), PlacesController.editPage)
        post(app, .place(anyID), PlacesController.save)
        get(app, .projects, PlacesController.projects)
        post(app, .projects, PlacesController.createProject)
        get(app, .levels, PlacesController.levels)
        post(app, .levels, PlacesController.saveLevel)
        post(app, .personClassifier(anyID), PlacesController.setClassifier)
        post(app, .personClearance(anyID), PeopleController.setClearance)
        post(app, .personReviews(anyID), PostReviewsController.recordReview)
        post(app, .personObligations(anyID), PostReviewsController.addObligation)
        get(app, .reviewPolicy, PostReviewsController.policyPage)
        get(app, .posts(.list), PostsController.list)
        get(app, .posts(.new), PostsController.newPage)
        post(app, .posts(.new), PostsController.save)
        get(app, .posts(.edit(anyID)), PostsController.editPage)
        post(app, .posts(.edit(anyID)), PostsController.save)
        post(app, .posts(.retire(anyID)), PostsController.retire)
        get(app, .posts(.appoint), PostAppointmentController.newPage)
        post(app, .posts(.appoint), PostAppointmentController.create)
        post(app, .reviewPolicy, PostReviewsController.setPolicy)
        get(app, .requests, RequestsController.list)
        get(app, .requestNew, NewRequestController.newPage)
        post(app, .requestNew, NewRequestController.create)
        get(app, .destructionNew, NewRequestController.destructionForm)
        post(app, .destructionNew, NewRequestController.createDestruction)
        get(app, .classificationNew, ClassificationController.newPage)
        post(app, .classificationNew, ClassificationController.create)
        get(app, .request(anyID), RequestsController.detail)
        post(app, .requestDecide(anyID), RequestsController.decide)
        post(app, .requestWithdraw(anyID), RequestsController.withdraw)
        post(app, .requestResubmit(anyID), RequestsController.resubmit)
        get(app, .inbox, InboxController.page)
        get(app, .delegations, DelegationsController.page)
        post(app, .delegations, DelegationsController.save)
        post(app, .delegationRevoke(anyID), DelegationsController.revoke)
        get(app, .chains, ChainsController.page)
        post(app, .chains, ChainsController.save)
        post(app, .chainsWaitingDays, ChainsController.saveWaitingDays)
        post(app, .requestIssue(anyID), RequestsController.issue)
        post(app, .requestReturn(anyID), RequestsController.giveBack)
        post(app, .requestCheckIn(anyID), RequestsController.checkIn)
        post(app, .requestConfirmDestruction(anyID), RequestsController.confirmDestruction)
        get(app, .requestCertificate(anyID), RequestsController.certificate)
        get(app, .requestPrint(anyID), ApprovalFormController.page)
        get(app, .verify, VerifyController.page)
        post(app, .requestAttachments(anyID), AttachmentsController.upload)
        get(app, .requestAttachment(anyID, anyID), AttachmentsController.download)
        post(app, .taskDone(anyID), RequestsController.completeTask)
        get(app, .register("incoming"), RegistersController.page)
        get(app, .registerExport("incoming"), RegistersController.export)
        get(app, .registerWorkbook("incoming"), RegistersController.export)
        get(app, .inventories, InventoryController.list)
        post(app, .inventories, InventoryController.open)
        get(app, .inventory(anyID), InventoryController.detail)
        post(app, .inventoryTick(anyID), InventoryController.tick)
        post(app, .inventoryClose(anyID), InventoryController.close)
        get(app, .findings, FindingsController.list)
        post(app, .findingsCheck, FindingsController.check)
        get(app, .reports, ReportsController.list)
        get(app, .report("carrierLedger"), ReportsController.print)
        get(app, .reportExport("carrierLedger"), ReportsController.export)
        get(app, .reportWorkbook("carrierLedger"), ReportsController.export)
        get(app, .selfInspection, ReportsController.selfInspection)
        ExamPagesRoutes.register(app)
        TrainingController.register(on: app)
        DepartureController.register(on: app)
        KeyProjectsController.register(on: app)
        AgreementsController.register(on: app)
        CooperationController.register(on: app)
        TravelController.register(on: app)
        get(app, .stylesheet) { _ in
            asset(
                Stylesheet.css + Stylesheet.levels,
                type: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]))
        }
        get(app, .script) { _ in
            asset(
                Script.javascript,
                type: HTTPMediaType(type: "application", subType: "javascript", parameters: ["charset": "utf-8"]))
        }
    }

    private static func asset(_ text: String, type: HTTPMediaType) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = type
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    private static func operational(on app: Application, metrics: PrometheusCollectorRegistry, registry: APIRegistry) {
        app.get("healthz") { request in try request.json(HealthDTO(status: "ok")) }
        app.get("readyz") { request async throws -> Response in
            do {
                let applied =
                    try await request.db.sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()?.decode(
                        column: "n", as: Int.self) ?? 0
                let expected = BaomiMigrations.all.count
                guard applied >= expected else {
                    return try request.json(
                        HealthDTO(status: "unavailable", database: "ok", migrations: "\(applied)/\(expected)"),
                        status: .serviceUnavailable)
                }
                return try request.json(HealthDTO(status: "ok", database: "ok", migrations: "\(applied)/\(expected)"))
            } catch {
                return try request.json(
                    HealthDTO(status: "unavailable", database: "unreachable"), status: .serviceUnavailable)
            }
        }
        app.get("metrics") { request async throws -> Response in
            // The installation's health as gauges, read at each scrape: the cheap checks of `baomi doctor`.
            let configuration = request.baomi.configuration
            if let report = try? await Doctor.run(
                Doctor.Installation(
                    dataDirectory: configuration.dataDirectory, database: configuration.database,
                    journal: configuration.checkpointJournalFile, tlsCertificate: configuration.tls,
                    now: request.baomi.clock()),
                on: request.reads, thorough: false)
            {
                for check in report.checks {
                    if let metric = check.metric, let figure = check.figure {
                        metrics.makeGauge(
                            descriptor: MetricNameDescriptor(
                                namespace: "baomi", metricName: metric, unitName: "",
                                helpText: "baomi doctor: \(check.name)")
                        ).set(figure)
                    }
                }
                metrics.makeGauge(
                    descriptor: MetricNameDescriptor(
                        namespace: "baomi", metricName: "doctor", unitName: "problems",
                        helpText: "Checks of baomi doctor that find a problem")
                ).set(Double(report.checks.filter { $0.status == .problem }.count))
            }
            let response = Response(status: .ok, body: .init(string: metrics.emitToString()))
            response.headers.contentType = HTTPMediaType(
                type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
            return response
        }
        app.get("openapi.json") { request in
            try request.json(OpenAPIDocument.build(registry.all))
        }
    }
}
