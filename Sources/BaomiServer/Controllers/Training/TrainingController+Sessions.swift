import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension TrainingController {
    static func sessionModel(_ request: Request, id: UUID) async throws -> TrainingPages.SessionModel {
        let viewer = try await request.requireViewer()
        let training = request.baomi.training
        let session = try await training.session(id, on: request.db)
        let attendees = try await training.attendees(of: id, on: request.db)
        let today = ClearanceRepository.today(request.baomi.clock())
        let personID = viewer.account.$person.id
        let materials = try await request.baomi.trainingMaterials.list(of: id, on: request.db)
        let planned = try await session.plannedSessionID.asyncMap {
            try await TrainingPlans.label(ofPlannedSession: $0, on: request.db)
        }
        let event = try await session.calendarEventID.asyncMap {
            try await TrainingCalendar.label(ofEvent: $0, on: request.db)
        }
        return TrainingPages.SessionModel(
            id: id,
            ledger: TrainingLedger.Row(
                sessionID: id, heldOn: session.heldOn, title: session.title, areas: session.contentAreas,
                form: session.sessionForm, trainer: session.trainer, attendees: attendees.map(\.name),
                count: session.attendees, hours: session.hours, examNote: session.examNote),
            purpose: session.trainingPurpose, place: session.place, attendees: attendees,
            plannedSession: planned ?? nil, calendarEvent: event ?? nil, materials: materials.map(AttachmentLine.init),
            mayRecord: viewer.can(.manageTraining),
            mayConfirm: personID != nil && session.heldOn <= today && !attendees.contains { $0.personID == personID })
    }

    /// A session: everyone signed in may open it (to confirm their attendance); the list of attendees is for those
    /// who run education, and for the attendee their own line.
    @Sendable static func session(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        var model = try await sessionModel(request, id: try request.uuidParameter())
        if !viewer.can(.viewTraining) {
            model.attendees = model.attendees.filter { $0.personID == viewer.account.$person.id }
            model.ledger.attendees = []
        }
        return try await HTMLPage(html: TrainingPages.session(PageContext(request), model)).encodeResponse(
            for: request)
    }

    @Sendable static func recordAttendance(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        var errors: [FieldError] = []
        do {
            let (people, unknown) = try await request.baomi.training.people(
                byEmployeeNumbers: numbers(values["employeeNumbers"]), on: request.db)
            if !unknown.isEmpty || people.isEmpty {
                throw DomainError.invalid(
                    field: "employeeNumbers", zh: "工号未登记：\(unknown.joined(separator: "、"))",
                    en: "Unknown employee numbers: \(unknown.joined(separator: ", "))")
            }
            try await request.baomi.training.recordAttendance(
                of: id, people: people, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.training(.session(id)).path + "?saved=1")
        } catch DomainError.invalid(let invalid) {
            errors = invalid
        } catch let refusal as Refusal {
            errors = [FieldError(field: "employeeNumbers", rule: refusal.rule, message: refusal.reason)]
        }
        return try await HTMLPage(
            html: TrainingPages.session(PageContext(request), try await sessionModel(request, id: id), errors: errors),
            status: .unprocessableEntity
        ).encodeResponse(for: request)
    }

    /// Adds a material on the session's page; a refused file shows beside the upload form (E6.1, S4).
    @Sendable static func uploadMaterial(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        guard
            let (error, status) = try await AttachmentsController.refusalOnPage({
                _ = try await TrainingMaterialsAPI.attach(request, viewer: viewer, id: id)
            })
        else { return request.redirect(to: SiteRoute.training(.session(id)).path + "?saved=1#attachments") }
        return try await HTMLPage(
            html: TrainingPages.session(PageContext(request), try await sessionModel(request, id: id), errors: [error]),
            status: status
        ).encodeResponse(for: request)
    }

    @Sendable static func downloadMaterial(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        return try await TrainingMaterialsAPI.file(request, id: try request.uuidParameter(), material: "material")
    }

    @Sendable static func confirm(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        guard let personID = viewer.account.$person.id else {
            throw DomainError.conflict(
                LocalizedText(zh: "账号未关联人员，无法确认参训", en: "The account is linked to no person"), rule: nil)
        }
        try await request.baomi.training.confirm(id, personID: personID, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.training(.mine).path + "?saved=1")
    }

    static func recordModel(
        _ request: Request, personID: UUID, own: Bool
    ) async throws -> TrainingPages.RecordModel {
        let person = try await request.baomi.organisation.person(personID, on: request.db)
        let training = request.baomi.training
        let (credits, standing) = try await training.standing(
            of: personID, settings: request.baomi.settings, on: request.db)
        let confirmable = own ? try await training.confirmable(by: personID, on: request.db) : []
        return TrainingPages.RecordModel(
            name: person.name, credits: credits, standing: standing,
            confirmable: confirmable.compactMap { session in session.id.map { ($0, session.heldOn, session.title) } })
    }

    @Sendable static func mine(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        guard let personID = viewer.account.$person.id else {
            throw DomainError.notFound(zh: "账号未关联人员", en: "The account is linked to no person")
        }
        let model = try await recordModel(request, personID: personID, own: true)
        return try await HTMLPage(html: TrainingPages.record(PageContext(request), model)).encodeResponse(for: request)
    }

    @Sendable static func record(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        let id = try request.uuidParameter()
        let own = viewer.account.$person.id == id
        if !own { try await request.require(.viewTraining) }
        let model = try await recordModel(request, personID: id, own: own)
        return try await HTMLPage(html: TrainingPages.record(PageContext(request), model)).encodeResponse(for: request)
    }
}
