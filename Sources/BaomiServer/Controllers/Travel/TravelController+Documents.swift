import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension BaomiServices {
    /// Trips abroad and their reports (A7).
    var travel: TravelRepository { TravelRepository(store: store, clock: clock) }
    /// The passports the unit keeps (A7, L1.7).
    var travelDocuments: TravelDocumentRepository { TravelDocumentRepository(store: store, clock: clock) }
}

/// 证件管理 from the pages (A7, L1.7): the register, a document registered, logged out for a trip and back in, and
/// the days after the return within which the debriefing is due and the passport back.
extension TravelController {
    @Sendable static func documents(_ request: Request) async throws -> Response {
        try await documentsPage(request, values: [:], errors: [])
    }

    static func documentsPage(
        _ request: Request, values: [String: String], errors: [FieldError], status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        let documents = try await request.baomi.travelDocuments.documents(on: request.db)
        let model = TravelPages.DocumentsModel(
            rows: documents.map { document in
                TravelPages.DocumentRow(
                    id: document.id, holder: document.personName, department: document.departmentName,
                    kind: document.kind, number: document.number, expiresOn: document.expiresOn ?? "",
                    custody: custody(document), trip: document.outRequestNumber ?? "")
            },
            people: try await travellers(request, viewer: viewer),
            debriefingDays: try await request.baomi.travel.debriefingDays(on: request.db))
        return try await HTMLPage(
            html: TravelPages.documents(PageContext(request), model, values: values, errors: errors), status: status
        ).encodeResponse(for: request)
    }

    static func custody(_ document: TravelDocumentRepository.Document) -> DocumentCustody {
        document.isOut ? .out(dueBack: document.dueBack) : document.heldByUnit ? .heldByUnit : .heldByPerson
    }

    @Sendable static func registerDocument(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            try await request.baomi.travelDocuments.register(
                .init(
                    personID: values["personID"].flatMap { UUID(uuidString: $0.trimmed) }, kind: values["kind"],
                    number: values["number"], expiresOn: values["expiresOn"],
                    heldByUnit: values["heldByUnit"] != "false"),
                by: viewer.auditActor, roles: viewer.roles, on: request.db)
            return request.redirect(to: SiteRoute.travel(.documents).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await documentsPage(request, values: values, errors: errors, status: .unprocessableEntity)
        }
    }

    @Sendable static func logOut(_ request: Request) async throws -> Response {
        try await move(request) { id, viewer in
            try await request.baomi.travelDocuments.logOut(
                id, tripID: nil, by: viewer.auditActor, roles: viewer.roles, on: request.db)
        }
    }

    @Sendable static func logIn(_ request: Request) async throws -> Response {
        try await move(request) { id, viewer in
            try await request.baomi.travelDocuments.logIn(
                id, by: viewer.auditActor, roles: viewer.roles, on: request.db)
        }
    }

    /// A log-out or log-in; a refusal or a conflict is shown on the register with its rule.
    private static func move(
        _ request: Request, _ action: (UUID, Viewer) async throws -> Void
    ) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        do {
            try await action(id, viewer)
            return request.redirect(to: SiteRoute.travel(.documents).path + "?saved=1")
        } catch let refusal as Refusal {
            return try await documentsPage(
                request, values: [:],
                errors: [FieldError(field: "personID", rule: refusal.rule, message: refusal.reason)],
                status: .unprocessableEntity)
        } catch DomainError.conflict(let message, let rule) {
            return try await documentsPage(
                request, values: [:], errors: [FieldError(field: "personID", rule: rule, message: message)],
                status: .conflict)
        }
    }

    @Sendable static func setPolicy(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            try await request.baomi.travel.setDebriefingDays(
                Int(values["debriefingDays"]?.trimmed ?? "") ?? 0, by: viewer.auditActor, roles: viewer.roles,
                on: request.db)
            return request.redirect(to: SiteRoute.travel(.documents).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await documentsPage(request, values: values, errors: errors, status: .unprocessableEntity)
        }
    }
}
