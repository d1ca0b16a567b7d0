import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// The pages of agreements (T8, T9, T15, L1.1): the 保密协议台账 with its downloads, the texts, and a person's
/// agreements with their forms. Refused input redisplays the page with the message (422), nothing written.
enum AgreementsController {
    static func register(on app: Application) {
        let any = UUID()
        func get(_ page: AgreementPage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.get(SiteRoute.agreements(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        func post(_ page: AgreementPage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.post(SiteRoute.agreements(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        get(.ledger, ledger)
        get(.ledgerExport, export)
        get(.ledgerWorkbook, export)
        get(.texts, texts)
        post(.texts, publish)
        get(.person(any), person)
        post(.person(any), draft)
        post(.steps(any), step)
        post(.scans(any), uploadScan)
        get(.scan(any), AgreementsAPI.download)
        post(.payments(any), addPayment)
        post(.paid(any), markPaid)
    }

    /// The menu's entries the viewer may use (UI.md).
    static func navigation(_ context: PageContext) -> [(SiteRoute, String)] {
        guard context.can(.viewAgreements) else { return [] }
        return [
            (.agreements(.ledger), context.t("保密协议台账", "Agreements register")),
            (.agreements(.texts), context.t("协议文本", "Agreement texts")),
        ]
    }

    @Sendable static func ledger(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        let rows = try await AgreementLedger().rows(
            departments: try await request.agreementDepartments(viewer), on: request.db)
        return try await HTMLPage(html: AgreementPages.ledger(PageContext(request), .init(rows: rows)))
            .encodeResponse(for: request)
    }

    @Sendable static func export(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewAgreements)
        let rows = try await AgreementLedger().rows(
            departments: try await request.agreementDepartments(viewer), on: request.db)
        let format = DownloadFormat(request)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: "agreements"),
                    details: ["rows": String(rows.count), "format": format.rawValue])
            ], by: viewer.auditActor, on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try LedgerDownload.response(
            format, title: "保密协议台账", headers: AgreementLedger.headers,
            rows: rows.enumerated().map { [String($0.offset + 1)] + $0.element.cells },
            marking: ReportsController.marking([], catalogue: catalogue, context: PageContext(request)))
    }

    @Sendable static func texts(_ request: Request) async throws -> Response {
        try await request.require(.viewAgreements)
        return try await textsPage(request)
    }

    private static func textsPage(
        _ request: Request, values: [String: String] = [:], errors: [FieldError] = []
    ) async throws -> Response {
        let context = PageContext(request)
        let texts = try await request.baomi.agreements.texts(on: request.db).compactMap { text in
            text.agreementKind.map {
                (
                    id: text.id ?? UUID(), kind: $0, version: text.version, title: text.title, body: text.body,
                    published: "\(text.publishedByName) \(context.dateTime(text.publishedAt))"
                )
            }
        }
        return try await HTMLPage(
            html: AgreementPages.texts(
                context, .init(texts: texts, mayPublish: context.can(.manageAgreements)), values: values,
                errors: errors), status: errors.isEmpty ? .ok : .unprocessableEntity
        ).encodeResponse(for: request)
    }

    @Sendable static func publish(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            guard let kind = AgreementKind(rawValue: values["kind"] ?? "") else {
                throw DomainError.invalid(field: "kind", zh: "请选择协议类型", en: "Choose a kind")
            }
            try await request.baomi.agreements.publish(
                kind, title: values["title"] ?? "", body: values["body"] ?? "", by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.agreements(.texts).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await textsPage(request, values: values, errors: errors)
        }
    }

    @Sendable static func person(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        return try await personPage(request, viewer: viewer, id: try request.uuidParameter())
    }

    static func personPage(
        _ request: Request, viewer: Viewer, id: UUID, values: [String: String] = [:], errors: [FieldError] = [],
        status: HTTPStatus? = nil
    ) async throws -> Response {
        try await request.requireAgreementsVisible(of: id, viewer: viewer)
        let person = try await request.baomi.organisation.person(id, on: request.db)
        let repository = request.baomi.agreements
        var lines: [AgreementPages.AgreementLine] = []
        for agreement in try await repository.agreements(of: id, on: request.db) {
            guard let kind = agreement.agreementKind, let state = agreement.agreementState else { continue }
            let payments = try await repository.payments(of: agreement.requireID(), on: request.db)
            lines.append(
                AgreementPages.AgreementLine(
                    id: try agreement.requireID(), kind: kind, version: agreement.version, state: state,
                    personSignedOn: agreement.personSignedOn, unitSignedOn: agreement.unitSignedOn,
                    inForceFrom: agreement.inForceFrom, endedOn: agreement.endedOn, reason: agreement.reason,
                    validUntil: agreement.validUntil, nonCompeteUntil: agreement.nonCompeteUntil,
                    scan: agreement.scanSHA256.map { (agreement.scanFileName ?? "", $0) },
                    payments: payments.compactMap { payment in
                        AgreementPaymentKind(rawValue: payment.kind).map {
                            (
                                id: payment.id ?? UUID(), kind: $0, amount: Yuan.text(payment.amountCents),
                                dueOn: payment.dueOn, paidOn: payment.paidOn, note: payment.note
                            )
                        }
                    }))
        }
        let postClass = SecretPostClass(rawValue: person.postClass) ?? .nonSecret
        let model = AgreementPages.PersonModel(
            personID: id, name: person.name, postClass: postClass,
            required: AgreementRequirement.required(postClass: postClass, isLeader: person.isLeader),
            agreements: lines, mayManage: viewer.can(.manageAgreements))
        return try await HTMLPage(
            html: AgreementPages.person(PageContext(request), model, values: values, errors: errors),
            status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity)
        ).encodeResponse(for: request)
    }

    /// Runs a form's write; a refusal redisplays the person's page with it (422), nothing written.
    private static func act(
        _ request: Request, personOf agreementID: UUID?, _ write: (Viewer, [String: String]) async throws -> Void
    ) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        try request.verifyCSRF()
        let values = request.formFields()
        let personID =
            if let agreementID {
                try await request.baomi.agreements.agreement(agreementID, on: request.db).$person.id
            } else { try request.uuidParameter() }
        do {
            try await write(viewer, values)
            return request.redirect(to: SiteRoute.agreements(.person(personID)).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await personPage(request, viewer: viewer, id: personID, values: values, errors: errors)
        } catch let refusal as Refusal {
            return try await personPage(
                request, viewer: viewer, id: personID, values: values,
                errors: [FieldError(field: "step", rule: refusal.rule, message: refusal.reason)])
        } catch DomainError.conflict(let text, let rule) {
            return try await personPage(
                request, viewer: viewer, id: personID, values: values,
                errors: [FieldError(field: "kind", rule: rule, message: text)], status: .conflict)
        }
    }

    static func day(_ values: [String: String], _ field: String) -> String? {
        values[field].map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }
    }

    @Sendable static func draft(_ request: Request) async throws -> Response {
        try await act(request, personOf: nil) { viewer, values in
            guard let kind = AgreementKind(rawValue: values["kind"] ?? "") else {
                throw DomainError.invalid(field: "kind", zh: "请选择协议类型", en: "Choose a kind")
            }
            try await request.baomi.agreements.draft(
                kind, for: try request.uuidParameter(), nonCompeteUntil: day(values, "nonCompeteUntil"),
                validUntil: day(values, "validUntil"), by: viewer.auditActor, on: request.db)
        }
    }

    @Sendable static func step(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        return try await act(request, personOf: id) { viewer, values in
            let on = values["on"]?.trimmed ?? ""
            let reason = values["reason"] ?? ""
            let step: AgreementStep
            switch values["step"] {
            case "signByPerson": step = .signByPerson(on: on)
            case "signByUnit": step = .signByUnit(on: on)
            case "end": step = .end(on: on, reason: reason)
            case "refuse": step = .refuse(on: on, reason: reason)
            default: throw DomainError.invalid(field: "step", zh: "请选择事项", en: "Choose a step")
            }
            try await request.baomi.agreements.step(step, agreementID: id, by: viewer.auditActor, on: request.db)
        }
    }

    @Sendable static func addPayment(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        return try await act(request, personOf: id) { viewer, values in
            guard let kind = AgreementPaymentKind(rawValue: values["kind"] ?? "") else {
                throw DomainError.invalid(field: "kind", zh: "请选择类别", en: "Choose a kind")
            }
            try await request.baomi.agreements.addPayment(
                kind, amount: values["amount"] ?? "", dueOn: values["dueOn"]?.trimmed ?? "", note: values["note"] ?? "",
                to: id, by: viewer.auditActor, on: request.db)
        }
    }

    @Sendable static func markPaid(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        return try await act(request, personOf: id) { viewer, values in
            guard let payment = values["paymentID"].flatMap(UUID.init(uuidString:)) else {
                throw DomainError.notFound(zh: "补贴或报酬记录不存在", en: "No such payment")
            }
            try await request.baomi.agreements.markPaid(
                payment, of: id, on: values["paidOn"]?.trimmed ?? "", by: viewer.auditActor, on: request.db)
        }
    }

    @Sendable static func uploadScan(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAgreements)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let personID = try await request.baomi.agreements.agreement(id, on: request.db).$person.id
        guard
            let (error, status) = try await AttachmentsController.refusalOnPage({
                _ = try await AgreementsAPI.attach(request, viewer: viewer, id: id)
            })
        else { return request.redirect(to: SiteRoute.agreements(.person(personID)).path + "?saved=1") }
        return try await personPage(request, viewer: viewer, id: personID, errors: [error], status: status)
    }
}
