import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// Starting requests from the pages.
enum NewRequestController {
    /// The carrier (and copy) a new request is about, read from the form's ids.
    struct Subject {
        let kind: RequestKind
        let carrier: CarrierModel
        let copy: CopyModel?
    }

    static func subject(_ request: Request, values: [String: String]) async throws -> Subject {
        guard let kind = RequestKind(rawValue: values["kind"] ?? ""), kind.definition.subject.namesCopies,
            kind.definition.subject != .copies,
            let carrierID = UUID(uuidString: values["carrierID"] ?? values["carrier"] ?? "")
        else { throw DomainError.notFound(zh: "申请类型或载体无效", en: "Unknown request kind or carrier") }
        let carrier = try await request.baomi.carriers.carrier(carrierID, on: request.db)
        var copy: CopyModel?
        if let copyID = UUID(uuidString: values["copyID"] ?? values["copy"] ?? "") {
            copy = try await request.baomi.carriers.copy(copyID, on: request.db)
            guard copy?.$carrier.id == carrierID else { throw DomainError.notFound(zh: "载体份不存在", en: "No such copy") }
        }
        if kind.definition.subject != .carrier && copy == nil {
            throw DomainError.notFound(zh: "请从载体份页面发起", en: "Start from a copy's page")
        }
        return Subject(kind: kind, carrier: carrier, copy: copy)
    }

    static func page(_ request: Request, values: [String: String], errors: [FieldError] = []) async throws -> HTML {
        let subject = try await subject(request, values: values)
        _ = try await LoanActions.requireSubmission(subject.kind, carriers: [subject.carrier], request: request)
        let places = try await request.baomi.places.places(on: request.db).filter(\.isActive)
        let context = PageContext(request)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let carrier = subject.carrier
        let heading =
            subject.copy.map {
                "\(carrier.number) " + CarrierPresentation.serial($0.serial, of: carrier.copyCount, context: context)
            }
            ?? carrier.number
        func person(_ model: PersonModel) -> FormChoice {
            FormChoice(value: model.id?.uuidString ?? "", label: CopyPages.personLabel(model))
        }
        let cabinets =
            subject.kind.isLoan
            ? places
            : places.filter {
                $0.kind == StorageClass.personalCabinet.rawValue || $0.kind == StorageClass.fileCabinet.rawValue
                    || $0.kind == StorageClass.safe.rawValue
            }
        return NewRequestPages.form(
            context,
            subject: NewRequestPages.Subject(
                kind: subject.kind, carrierID: try carrier.requireID(), copyID: subject.copy?.id, heading: heading,
                carrierTitle: carrier.title, level: catalogue.definition(LevelID(rawValue: carrier.level))),
            people: try await request.baomi.organisation.people(on: request.db).map(person),
            cleared: subject.kind == .carryOut
                ? try await CarriersController.clearedPeople(for: carrier, request: request).map(person) : [],
            cabinets: cabinets.map {
                PlaceChoice(
                    value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.code)）",
                    maxLevel: LevelID(rawValue: $0.maxLevel))
            },
            catalogue: catalogue, values: values, errors: errors)
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        var values = (try? request.query.decode([String: String].self)) ?? [:]
        if values["count"] == nil { values["count"] = "1" }
        if values["destinationCountry"] == nil { values["destinationCountry"] = Destination.home }
        return HTMLPage(html: try await page(request, values: values))
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        try request.verifyCSRF()
        let values = request.formFields()
        let subject = try await subject(request, values: values)
        let viewer = try await LoanActions.requireSubmission(
            subject.kind, carriers: [subject.carrier], request: request)
        do {
            var copies: [UUID]
            if let copy = subject.copy {
                copies = [try copy.requireID()]
            } else {
                copies = try await request.baomi.carriers.copies(of: try subject.carrier.requireID(), on: request.db)
                    .filter { CopyState(rawValue: $0.state)?.isLive == true }.map { try $0.requireID() }
            }
            let created = try await request.baomi.requests.submit(
                subject.kind, carrierID: try subject.carrier.requireID(), copyIDs: copies,
                reason: values["reason"] ?? "",
                payloadJSON: try RequestPayloadViews.payloadJSON(subject.kind, values),
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                by: RequestsController.actor(viewer), on: request.db)
            return request.redirect(to: SiteRoute.request(try created.requireID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await page(request, values: values, errors: errors), status: .unprocessableEntity
            ).encodeResponse(for: request)
        } catch let refusal as Refusal {
            let field = RequestPayloadViews.refusalField(subject.kind)
            return try await HTMLPage(
                html: try await page(
                    request, values: values,
                    errors: [FieldError(field: field, rule: refusal.rule, message: refusal.reason)]),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        } catch DomainError.conflict(let message, let rule) {
            return try await HTMLPage(
                html: try await page(
                    request, values: values, errors: [FieldError(field: "reason", rule: rule, message: message)]),
                status: .conflict
            )
            .encodeResponse(for: request)
        }
    }

    static func destructionPage(
        _ request: Request, viewer: Viewer, values: [String: String], selected: Set<String>, errors: [FieldError]
    ) async throws -> HTML {
        var query = CarrierLedgerQuery()
        // Stored copies, and declassified ones, which are destroyed like any other (C8, C9).
        query.states = [CopyState.stored.rawValue, CopyState.declassified.rawValue]
        // Only copies the viewer keeps and may read (A2, T5.2): the list names them.
        query.viewer = try await request.ledgerViewer(viewer)
        query.departments = try await request.carrierDepartments(viewer)
        query.limit = 200
        let (rows, _) = try await query.copies(on: request.db)
        return NewRequestPages.destruction(
            PageContext(request), copies: rows,
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db), values: values,
            selected: selected, errors: errors)
    }

    @Sendable static func destructionForm(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageCarriers)
        return HTMLPage(
            html: try await destructionPage(
                request, viewer: viewer, values: ["method": "facility"], selected: [], errors: []))
    }

    @Sendable static func createDestruction(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        try request.verifyCSRF()
        let values = request.formFields()
        let selected = (try? request.content.get([String].self, at: "copyIDs")) ?? []
        do {
            let ids = selected.compactMap(UUID.init(uuidString:))
            let copies = try await CopyModel.query(on: request.db).filter(\.$id ~~ ids).with(\.$carrier).all()
            // The same check as the API's: the keepers of every carrier in the batch, within their clearance.
            _ = try await LoanActions.requireSubmission(.destroy, carriers: copies.map(\.carrier), request: request)
            let created = try await request.baomi.requests.submit(
                .destroy, carrierID: nil, copyIDs: ids, reason: values["reason"] ?? "",
                payloadJSON: try RequestPayloadViews.payloadJSON(.destroy, values),
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                by: RequestsController.actor(viewer), on: request.db)
            return request.redirect(to: SiteRoute.request(try created.requireID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await destructionPage(
                    request, viewer: viewer, values: values, selected: Set(selected), errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        } catch DomainError.conflict(let message, let rule) {
            let errors = [FieldError(field: "copyIDs", rule: rule, message: message)]
            return try await HTMLPage(
                html: try await destructionPage(
                    request, viewer: viewer, values: values, selected: Set(selected), errors: errors), status: .conflict
            )
            .encodeResponse(for: request)
        }
    }
}
