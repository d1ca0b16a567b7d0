import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// The pages of the 外协保密协议台账 (T23): the register with its downloads, and the form of a contract. Refused
/// input redisplays the form with the message (422), nothing written.
enum CooperationController {
    static func register(on app: Application) {
        let any = UUID()
        func route(
            _ method: HTTPMethod, _ page: AgreementPage,
            _ handler: @escaping @Sendable (Request) async throws -> Response
        ) {
            app.on(method, SiteRoute.agreements(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        route(.GET, .cooperation, list)
        route(.POST, .cooperation, create)
        route(.GET, .cooperationExport, export)
        route(.GET, .cooperationWorkbook, export)
        route(.GET, .cooperationNew, newForm)
        route(.GET, .cooperationContract(any), show)
        route(.POST, .cooperationContract(any), update)
    }

    /// The menu's entry, next to the 保密协议台账 (UI.md).
    static func navigation(_ context: PageContext) -> [(SiteRoute, String)] {
        guard context.can(.viewAgreements) else { return [] }
        return [(.agreements(.cooperation), context.t("外协保密协议台账", "Cooperation contracts"))]
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        let context = PageContext(request)
        return try await HTMLPage(
            html: CooperationPages.list(
                context, .init(rows: try await rows(request, viewer: viewer), mayManage: context.can(.manageAgreements))
            )
        ).encodeResponse(for: request)
    }

    @Sendable static func export(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        let rows = try await rows(request, viewer: viewer)
        let format = DownloadFormat(request)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: "cooperation"),
                    details: ["rows": String(rows.count), "format": format.rawValue])
            ], by: viewer.auditActor, on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try LedgerDownload.response(
            format, title: "外协保密协议台账", headers: CooperationPages.Row.headers,
            rows: rows.enumerated().map { [String($0.offset + 1)] + $0.element.cells },
            marking: ReportsController.marking([], catalogue: catalogue, context: PageContext(request)))
    }

    @Sendable static func newForm(_ request: Request) async throws -> Response {
        try await request.require(.manageAgreements)
        return try await formPage(request, id: nil, values: [:])
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        let contract = try await request.visibleCooperationContract(try request.uuidParameter(), viewer: viewer)
        return try await formPage(request, id: contract.id, values: try await values(of: contract, request: request))
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        try await save(request, id: nil)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        let id = try request.uuidParameter()
        _ = try await request.visibleCooperationContract(id, viewer: viewer)
        return try await save(request, id: id)
    }

    private static func save(_ request: Request, id: UUID?) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        try request.verifyCSRF()
        let values = request.formFields()
        let draft = CooperationContractDraft(
            partnerName: values["partnerName"], partnerCreditCode: values["partnerCreditCode"],
            subject: values["subject"], level: values["level"], startsOn: values["startsOn"], endsOn: values["endsOn"],
            departmentID: values["departmentID"].flatMap(UUID.init(uuidString:)), coverage: values["coverage"],
            agreementSignedOn: values["agreementSignedOn"], clauseReference: values["clauseReference"])
        let levels = try await request.baomi.settings.levelCatalogue(on: request.db)
        do {
            let contract =
                if let id {
                    try await request.baomi.cooperation.update(
                        id, draft, levels: levels, by: viewer.auditActor, on: request.db)
                } else {
                    try await request.baomi.cooperation.create(
                        draft, levels: levels, by: viewer.auditActor, on: request.db)
                }
            return request.redirect(
                to: SiteRoute.agreements(.cooperationContract(try contract.requireID())).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await formPage(request, id: id, values: values, errors: errors)
        }
    }

    private static func formPage(
        _ request: Request, id: UUID?, values: [String: String], errors: [FieldError] = []
    ) async throws -> Response {
        let context = PageContext(request)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let model = CooperationPages.FormModel(
            id: id, levels: catalogue.levels.map { ($0.id.rawValue, context.t($0.name)) },
            departments: try await TrainingController.departments(request).map { ($0.id.uuidString, $0.name) })
        return try await HTMLPage(
            html: CooperationPages.form(
                context, model, mayManage: context.can(.manageAgreements), values: values, errors: errors),
            status: errors.isEmpty ? .ok : .unprocessableEntity
        ).encodeResponse(for: request)
    }

    /// A stored contract as the form's values, plus the names the read-only view shows.
    private static func values(
        of contract: CooperationContractModel, request: Request
    ) async throws -> [String: String] {
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        return [
            "partnerName": contract.partnerName, "partnerCreditCode": contract.partnerCreditCode ?? "",
            "subject": contract.subject, "level": contract.level ?? "",
            "levelName": levelName(contract.level, catalogue: catalogue, context: context),
            "startsOn": contract.startsOn, "endsOn": contract.endsOn,
            "departmentID": contract.$department.id.uuidString, "departmentName": contract.department.name,
            "coverage": contract.coverage, "coverageName": context.t(contract.secrecyCoverage.title),
            "agreementSignedOn": contract.agreementSignedOn ?? "", "clauseReference": contract.clauseReference ?? "",
        ]
    }

    private static func levelName(_ level: String?, catalogue: LevelCatalogue, context: PageContext) -> String {
        guard let level else { return context.t("不涉密", "No secrets involved") }
        return catalogue.definition(LevelID(rawValue: level)).map { context.t($0.name) } ?? level
    }

    private static func rows(_ request: Request, viewer: Viewer) async throws -> [CooperationPages.Row] {
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        let today = ClearanceRepository.today(request.baomi.clock())
        return try await request.baomi.cooperation.contracts(
            departments: try await request.agreementDepartments(viewer), on: request.db
        ).map { contract in
            let coverage = contract.secrecyCoverage
            return CooperationPages.Row(
                id: try contract.requireID(), partnerName: contract.partnerName,
                partnerCreditCode: contract.partnerCreditCode ?? "", subject: contract.subject,
                level: levelName(contract.level, catalogue: catalogue, context: context), startsOn: contract.startsOn,
                endsOn: contract.endsOn, department: contract.department.name, coverage: coverage,
                coverageDetail: coverage == .agreement
                    ? contract.agreementSignedOn ?? "" : coverage == .clause ? contract.clauseReference ?? "" : "",
                uncovered: CooperationRules.isUncovered(
                    level: contract.level, coverage: coverage, startsOn: contract.startsOn, today: today))
        }
    }
}
