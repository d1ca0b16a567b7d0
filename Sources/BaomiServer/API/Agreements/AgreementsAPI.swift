import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/agreements…` and `/api/v1/people/{id}/agreements`: the texts, each person's agreements, their steps,
/// scans and allowances, and the 保密协议台账 (T8, T9, T15, L1.1). The security office manages them; a person sees
/// their own, a secrecy officer or leader their department's (`AgreementVisibility`).
enum AgreementsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "Agreement UUID")
        let person = APIOperation.Parameter.path("id", description: "Person UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "agreements/texts", operationID: "listAgreementTexts", tag: "agreements",
                summary: "Every version of every agreement text, newest first within a kind (T8, L1.1)",
                responseSchema: "AgreementText", responseIsArray: true), on: routes, texts)
        registry.register(
            APIOperation(
                method: .POST, path: "agreements/texts", operationID: "publishAgreementText", tag: "agreements",
                summary: "Publish a new version of a kind's text; signed agreements keep theirs (security office)",
                requestSchema: "AgreementTextInput", responseSchema: "AgreementText", successStatus: 201),
            on: routes, publish)
        registry.register(
            APIOperation(
                method: .GET, path: "agreements", operationID: "listAgreements", tag: "agreements",
                summary: "保密协议台账: the agreements of the people the caller may see (T8, T15)",
                parameters: [.choice("kind", AgreementKind.self, "Only agreements of this kind")],
                responseSchema: "AgreementLedgerRow", responseIsArray: true), on: routes, ledger)
        registry.register(
            APIOperation(
                method: .GET, path: "agreements/{id}", operationID: "getAgreement", tag: "agreements",
                summary: "One agreement with its payments", parameters: [id], responseSchema: "Agreement"),
            on: routes, detail)
        registry.register(
            APIOperation(
                method: .POST, path: "agreements/{id}/steps", operationID: "stepAgreement", tag: "agreements",
                summary:
                    "Record a signature, the end, or a refusal to sign (T15: in force once both sides sign; T9); of two at once one wins, the other 409",
                parameters: [id], requestSchema: "AgreementStepInput", responseSchema: "Agreement"),
            on: routes, step)
        registry.register(
            APIOperation(
                method: .POST, path: "agreements/{id}/attachments", operationID: "attachAgreementScan",
                tag: "agreements",
                summary:
                    "The scanned signed copy: a non-secret PDF, PNG, JPEG or TIFF (judged by content, SHA-256 recorded); nonSecret must be true (S4)",
                parameters: [id], multipartSchema: "AttachmentUpload", responseSchema: "Agreement"), on: routes, scan)
        registry.register(
            APIOperation(
                method: .GET, path: "agreements/{id}/scan", operationID: "downloadAgreementScan", tag: "agreements",
                summary: "The scanned signed copy, always as a download", parameters: [id]), on: routes, download)
        registry.register(
            APIOperation(
                method: .POST, path: "agreements/{id}/payments", operationID: "addAgreementPayment",
                tag: "agreements", summary: "A secrecy allowance or remuneration due under the agreement (T15)",
                parameters: [id], requestSchema: "AgreementPaymentInput", responseSchema: "Agreement",
                successStatus: 201), on: routes, addPayment)
        registry.register(
            APIOperation(
                method: .POST, path: "agreements/{id}/payments/{paymentID}/paid", operationID: "payAgreementPayment",
                tag: "agreements", summary: "Record the day a payment was made (T15); a second time is a 409",
                parameters: [id, .path("paymentID", description: "Payment UUID")], requestSchema: "AgreementPaidInput",
                responseSchema: "Agreement"), on: routes, pay)
        registry.register(
            APIOperation(
                method: .GET, path: "people/{id}/agreements", operationID: "listPersonAgreements", tag: "agreements",
                summary: "A person's agreements, newest first", parameters: [person], responseSchema: "Agreement",
                responseIsArray: true), on: routes, ofPerson)
        registry.register(
            APIOperation(
                method: .POST, path: "people/{id}/agreements", operationID: "draftAgreement", tag: "agreements",
                summary: "Draft an agreement on the kind's current text; one open agreement of a kind at a time (T15)",
                parameters: [person], requestSchema: "AgreementDraftInput", responseSchema: "Agreement",
                successStatus: 201), on: routes, draft)
    }

    @Sendable static func texts(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        return try request.json(try await request.baomi.agreements.texts(on: request.db).map(AgreementTextDTO.init))
    }

    @Sendable static func publish(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        let body = try request.body(AgreementTextInput.self)
        let text = try await request.baomi.agreements.publish(
            body.kind, title: body.title, body: body.body, by: viewer.auditActor, on: request.db)
        return try request.json(AgreementTextDTO(text), status: .created)
    }

    @Sendable static func ledger(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        var query = QueryParameters(request)
        let kind = query.choice("kind", AgreementKind.self)
        try query.check()
        let rows = try await AgreementLedger().rows(
            departments: try await request.agreementDepartments(viewer), kind: kind, on: request.db)
        return try request.json(rows.map(AgreementLedgerRowDTO.init))
    }

    @Sendable static func detail(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        let agreement = try await request.visibleAgreement(try request.uuidParameter(), viewer: viewer)
        return try await answer(agreement, request: request)
    }

    @Sendable static func step(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        let body = try request.body(AgreementStepInput.self)
        let agreement = try await request.baomi.agreements.step(
            body.agreementStep, agreementID: try request.uuidParameter(), by: viewer.auditActor, on: request.db)
        return try await answer(agreement, request: request)
    }

    @Sendable static func scan(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        let agreement = try await attach(request, viewer: viewer, id: try request.uuidParameter())
        return try await answer(agreement, request: request)
    }

    /// Keeps the uploaded scan: the page's and the API's one way in.
    static func attach(_ request: Request, viewer: Viewer, id: UUID) async throws -> PersonAgreementModel {
        try await AttachmentsController.receive(request) { bytes, fileName, declaredNonSecret, limit in
            try await request.baomi.agreementScans.attachScan(
                bytes, fileName: fileName, to: id, declaredNonSecret: declaredNonSecret, limit: limit,
                by: viewer.auditActor, on: request.db)
        }
    }

    @Sendable static func download(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        let id = try request.uuidParameter()
        _ = try await request.visibleAgreement(id, viewer: viewer)
        guard let (agreement, bytes) = try await request.baomi.agreementScans.scan(of: id, on: request.db) else {
            throw DomainError.notFound(zh: "尚未上传签字扫描件", en: "No scan was attached")
        }
        return AttachmentsController.fileResponse(
            bytes, fileName: agreement.scanFileName ?? "协议.pdf", type: agreement.scanType ?? "")
    }

    @Sendable static func addPayment(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        let body = try request.body(AgreementPaymentInput.self)
        let id = try request.uuidParameter()
        try await request.baomi.agreements.addPayment(
            body.kind, amount: body.amount, dueOn: body.dueOn, note: body.note ?? "", to: id, by: viewer.auditActor,
            on: request.db)
        return try await answer(
            try await request.baomi.agreements.agreement(id, on: request.db), request: request, status: .created)
    }

    @Sendable static func pay(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        let body = try request.body(AgreementPaidInput.self)
        let id = try request.uuidParameter()
        guard let paymentID = request.parameters.get("paymentID").flatMap(UUID.init(uuidString:)) else {
            throw DomainError.notFound(zh: "补贴或报酬记录不存在", en: "No such payment")
        }
        try await request.baomi.agreements.markPaid(
            paymentID, of: id, on: body.paidOn, by: viewer.auditActor, on: request.db)
        return try await answer(try await request.baomi.agreements.agreement(id, on: request.db), request: request)
    }

    @Sendable static func ofPerson(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        let personID = try request.uuidParameter()
        try await request.requireAgreementsVisible(of: personID, viewer: viewer)
        let agreements = try await request.baomi.agreements.agreements(of: personID, on: request.db)
        var answers: [AgreementDTO] = []
        for agreement in agreements {
            answers.append(
                AgreementDTO(
                    agreement,
                    payments: try await request.baomi.agreements.payments(of: agreement.requireID(), on: request.db)))
        }
        return try request.json(answers)
    }

    @Sendable static func draft(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        let body = try request.body(AgreementDraftInput.self)
        let agreement = try await request.baomi.agreements.draft(
            body.kind, for: try request.uuidParameter(), nonCompeteUntil: body.nonCompeteUntil,
            validUntil: body.validUntil, by: viewer.auditActor, on: request.db)
        return try await answer(agreement, request: request, status: .created)
    }

    static func answer(
        _ agreement: PersonAgreementModel, request: Request, status: HTTPStatus = .ok
    ) async throws -> Response {
        let payments = try await request.baomi.agreements.payments(of: agreement.requireID(), on: request.db)
        return try request.json(AgreementDTO(agreement, payments: payments), status: status)
    }
}

extension Request {
    /// The departments whose people's agreements the viewer may list; nil means all (`AgreementVisibility`).
    func agreementDepartments(_ viewer: Viewer) async throws -> Set<UUID>? {
        AgreementVisibility.departments(roles: viewer.roles, viewerDepartment: try await viewerDepartment(viewer))
    }

    /// Refuses, as "not found", a person whose agreements the viewer may not see: one's own, one's department's
    /// (officer, leader), everyone's (security office).
    func requireAgreementsVisible(of personID: UUID, viewer: Viewer) async throws {
        guard let person = try await PersonModel.find(personID, on: db),
            AgreementVisibility.maySee(
                personID: personID, personDepartment: person.$department.id, roles: viewer.roles,
                viewerPerson: viewer.account.$person.id, viewerDepartment: try await viewerDepartment(viewer))
        else { throw DomainError.notFound(zh: "人员不存在", en: "No such person") }
    }

    func visibleAgreement(_ id: UUID, viewer: Viewer) async throws -> PersonAgreementModel {
        let agreement = try await baomi.agreements.agreement(id, on: db)
        do {
            try await requireAgreementsVisible(of: agreement.$person.id, viewer: viewer)
        } catch DomainError.notFound {
            throw DomainError.notFound(zh: "协议不存在", en: "No such agreement")
        }
        return agreement
    }
}
