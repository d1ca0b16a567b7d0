import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// The pages of secrecy education (E5–E6.7): the register with its downloads, recording a session and its
/// attendees, an attendee's confirmation, and the training records.
enum TrainingController {
    static func register(on app: Application) {
        let any = UUID()
        func get(_ page: TrainingPage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.get(SiteRoute.training(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        func post(_ page: TrainingPage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.post(SiteRoute.training(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        get(.sessions, ledger)
        get(.ledgerExport, export)
        get(.ledgerWorkbook, export)
        get(.sessionNew, newSession)
        post(.sessionNew, createSession)
        get(.session(any), session)
        post(.sessionAttendance(any), recordAttendance)
        post(.sessionConfirm(any), confirm)
        post(.sessionMaterials(any), uploadMaterial)
        get(.sessionMaterial(any, any), downloadMaterial)
        get(.mine, mine)
        get(.record(any), record)
        get(.plans, plans)
        post(.plans, createPlan)
        post(.plannedSessionNew(any), addPlannedSession)
        get(.calendar, calendar)
        post(.calendar, addHolidays)
        post(.calendarEvents, addActivity)
    }

    static func year(_ request: Request) throws -> Int {
        var query = QueryParameters(request)
        let thisYear = Int(ClearanceRepository.today(request.baomi.clock()).prefix(4)) ?? 2026
        let year = query.integer("year", ReportYear.earliest...(thisYear + 1)) ?? thisYear
        try query.check()
        return year
    }

    @Sendable static func ledger(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewTraining)
        let year = try year(request)
        let rows = try await TrainingLedger().rows(year: year, on: request.db)
        return try await HTMLPage(
            html: TrainingPages.ledger(
                PageContext(request),
                .init(year: year, rows: rows, mayRecord: viewer.can(.manageTraining)))
        ).encodeResponse(for: request)
    }

    @Sendable static func export(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewTraining)
        let year = try year(request)
        let rows = try await TrainingLedger().rows(year: year, on: request.db)
        let format = DownloadFormat(request)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: "training"),
                    details: ["rows": String(rows.count), "format": format.rawValue, "year": String(year)])
            ], by: viewer.auditActor, on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try LedgerDownload.response(
            format, title: "保密教育培训台账", headers: TrainingLedger.headers, rows: rows.map(\.cells),
            marking: ReportsController.marking([], catalogue: catalogue, context: PageContext(request)))
    }

    static func departments(_ request: Request) async throws -> [(id: UUID, name: String)] {
        try await request.baomi.organisation.units(on: request.db).filter { $0.kind == "department" }
            .compactMap { unit in unit.id.map { ($0, unit.name) } }
    }

    static func sessionChoices(_ request: Request) async throws -> SessionFormPage.Choices {
        let today = ClearanceRepository.today(request.baomi.clock())
        let year = Int(today.prefix(4)) ?? 2026
        var planned: [(id: UUID, label: String)] = []
        // A session early in January may still carry out December's plan.
        for plannedYear in [year - 1, year] {
            planned += try await TrainingPlans(store: request.baomi.store).choices(year: plannedYear, on: request.db)
        }
        return SessionFormPage.Choices(
            departments: try await departments(request), plannedSessions: planned,
            events: try await TrainingCalendar(store: request.baomi.store).choices(today: today, on: request.db))
    }

    /// A chosen id of the form: nil when none is chosen; anything but an id is refused, naming the field.
    static func chosenID(_ values: [String: String], _ field: String) throws -> UUID? {
        guard let text = values[field]?.trimmed, !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw DomainError.invalid(field: field, zh: "请从列表中选择", en: "Choose from the list")
        }
        return id
    }

    @Sendable static func newSession(_ request: Request) async throws -> Response {
        try await request.require(.manageTraining)
        return try await HTMLPage(
            html: SessionFormPage.page(PageContext(request), choices: try await sessionChoices(request))
        ).encodeResponse(for: request)
    }

    @Sendable static func createSession(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try request.verifyCSRF()
        var values = request.formFields()
        let areas = request.formValues("areas[]")
        values["areas[]"] = areas.joined(separator: ",")
        do {
            let (people, unknown) = try await request.baomi.training.people(
                byEmployeeNumbers: numbers(values["employeeNumbers"]), on: request.db)
            if !unknown.isEmpty {
                throw DomainError.invalid(
                    field: "employeeNumbers", zh: "工号未登记：\(unknown.joined(separator: "、"))",
                    en: "Unknown employee numbers: \(unknown.joined(separator: ", "))")
            }
            let draft = try SessionDraft.parse(
                .init(
                    title: values["title"], form: values["form"], purpose: values["purpose"],
                    heldOn: values["heldOn"], place: values["place"], trainer: values["trainer"], areas: areas,
                    hours: Double(values["hours"]?.trimmed ?? ""), departmentID: try chosenID(values, "departmentID"),
                    plannedSessionID: try chosenID(values, "plannedSessionID"),
                    examNote: values["examNote"], calendarEventID: try chosenID(values, "calendarEventID")))
            let session = try await request.baomi.training.record(
                draft, attendees: people, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.training(.session(try session.requireID())).path + "?saved=1")
        } catch let error as DomainError {
            guard case .invalid(let errors) = error else { throw error }
            return try await redisplay(request, values: values, errors: errors)
        } catch let refusal as Refusal {
            return try await redisplay(
                request, values: values,
                errors: [FieldError(field: "employeeNumbers", rule: refusal.rule, message: refusal.reason)])
        }
    }

    private static func redisplay(
        _ request: Request, values: [String: String], errors: [FieldError]
    ) async throws -> Response {
        try await HTMLPage(
            html: SessionFormPage.page(
                PageContext(request), choices: try await sessionChoices(request), values: values, errors: errors),
            status: .unprocessableEntity
        ).encodeResponse(for: request)
    }

    /// Employee numbers as an organiser types them: separated by spaces, commas or 、.
    static func numbers(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { " ,，、;；\n\t".contains($0) }).map(String.init)
    }
}

extension Request {
    /// Every value of a repeated form field (`areas[]`), in order.
    func formValues(_ name: String) -> [String] {
        guard let buffer = body.data, headers.contentType == .urlEncodedForm else { return [] }
        return String(buffer: buffer).split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let key = parts.first, decode(key) == name, parts.count > 1 else { return nil }
            return decode(parts[1])
        }
    }
}

extension TrainingController {
    /// The menu's 保密教育 entries the viewer may use (UI.md).
    static func navigation(_ context: PageContext) -> [(SiteRoute, String)] {
        var entries: [(SiteRoute, String)] = []
        if context.viewer?.account.$person.id != nil {
            entries.append((.training(.mine), context.t("我的培训", "My training")))
        }
        if context.can(.viewTraining) {
            entries.append((.training(.sessions), context.t("培训台账", "Training register")))
            entries.append((.training(.plans), context.t("年度计划", "Annual plans")))
            entries.append((.training(.calendar), context.t("节前教育日历", "Briefing calendar")))
        }
        return entries
    }
}
