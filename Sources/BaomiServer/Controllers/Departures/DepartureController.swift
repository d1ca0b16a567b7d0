import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// 离岗离职 from the pages (T22, T12, T11, A7): start one from a person's page, sign off returned items and record
/// the letters' delivery on its request page, print the letters, and the lists of people still bound after leaving.
enum DepartureController {
    static func register(on app: Application) {
        let any = UUID()
        func get(_ page: DeparturePage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.get(SiteRoute.departures(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        func post(_ page: DeparturePage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.post(SiteRoute.departures(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        get(.new, newPage)
        post(.new, create)
        post(.items(any), addItem)
        post(.sign(any), signItem)
        post(.letters(any), recordDelivery)
        get(.reminder(any), reminder)
        get(.notice(any), notice)
        get(.separation, separationList)
        get(.separationExport, separationExport)
        get(.nonCompete, nonCompeteList)
        get(.nonCompeteExport, nonCompeteExport)
        get(.policy, policyPage)
        post(.policy, savePolicy)
    }

    // MARK: Starting one

    /// The people a viewer may start a departure for: active people, of their own department for a secrecy officer.
    static func people(_ request: Request, viewer: Viewer) async throws -> [FormChoice] {
        let departments = try await departments(request, viewer: viewer)
        return try await request.baomi.organisation.people(on: request.db)
            .filter { $0.status == PersonStatus.active.rawValue }
            .filter { departments?.contains($0.$department.id) ?? true }
            .map { FormChoice(value: $0.id?.uuidString ?? "", label: CopyPages.personLabel($0)) }
    }

    /// A secrecy officer handles their own department's departures; the office and HR every department's.
    static func departments(_ request: Request, viewer: Viewer) async throws -> Set<UUID>? {
        guard viewer.roles.isDisjoint(with: [.securityOffice, .personnel]) else { return nil }
        return Set([try await request.viewerDepartment(viewer)].compactMap { $0 })
    }

    static func newPage(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageDepartures)
        var values = (try? request.query.decode([String: String].self)) ?? [:]
        if let person = values["person"] { values["personID"] = person }
        return try await HTMLPage(
            html: DeparturePages.form(
                PageContext(request), people: try await people(request, viewer: viewer), values: values, errors: [])
        ).encodeResponse(for: request)
    }

    static func create(_ request: Request) async throws -> Response {
        let viewer = try await LoanActions.requireSubmission(.departure, carriers: [], request: request)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            try await requireDepartment(of: values["personID"].flatMap(UUID.init(uuidString:)), request, viewer)
            let created = try await request.baomi.requests.submit(
                .departure, carrierID: nil, copyIDs: [], reason: values["reason"] ?? "",
                payloadJSON: try RequestPayloadViews.payloadJSON(.departure, values),
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                by: RequestsController.actor(viewer), on: request.db)
            return request.redirect(to: SiteRoute.request(try created.requireID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await redisplay(request, viewer: viewer, values: values, errors: errors)
        } catch let refusal as Refusal {
            return try await redisplay(
                request, viewer: viewer, values: values,
                errors: [FieldError(field: "personID", rule: refusal.rule, message: refusal.reason)])
        } catch DomainError.conflict(let message, let rule) {
            return try await redisplay(
                request, viewer: viewer, values: values,
                errors: [FieldError(field: "personID", rule: rule, message: message)], status: .conflict)
        }
    }

    /// A secrecy officer starts departures of their own department's people only (T5.2).
    static func requireDepartment(of personID: UUID?, _ request: Request, _ viewer: Viewer) async throws {
        guard let departments = try await departments(request, viewer: viewer), let personID,
            let person = try await PersonModel.find(personID, on: request.db)
        else { return }
        if !departments.contains(person.$department.id) {
            throw Refusal(
                rule: RuleID("T5.2"), zh: "部门保密员只能为本部门人员发起离岗离职",
                en: "A department secrecy officer starts departures of their own department's people only")
        }
    }

    private static func redisplay(
        _ request: Request, viewer: Viewer, values: [String: String], errors: [FieldError],
        status: HTTPResponseStatus = .unprocessableEntity
    ) async throws -> Response {
        try await HTMLPage(
            html: DeparturePages.form(
                PageContext(request), people: try await people(request, viewer: viewer), values: values,
                errors: errors), status: status
        ).encodeResponse(for: request)
    }

    // MARK: On its request page

    static func addItem(_ request: Request) async throws -> Response {
        try await RequestsController.act(request) { viewer, id in
            let viewer = try await managing(request, viewer: viewer, id: id)
            try await request.baomi.departures.addItem(
                to: id, category: try? request.content.get(String.self, at: "category"),
                description: try? request.content.get(String.self, at: "description"),
                by: RequestsController.actor(viewer), on: request.db)
        }
    }

    static func signItem(_ request: Request) async throws -> Response {
        try await RequestsController.act(request) { viewer, id in
            let viewer = try await managing(request, viewer: viewer, id: id)
            guard let item = (try? request.content.get(String.self, at: "itemID")).flatMap(UUID.init(uuidString:))
            else { throw DomainError.notFound(zh: "退还物品不存在", en: "No such item") }
            try await request.baomi.departures.signItem(
                item, of: id, by: RequestsController.actor(viewer), on: request.db)
        }
    }

    static func recordDelivery(_ request: Request) async throws -> Response {
        try await RequestsController.act(request) { viewer, id in
            let viewer = try await managing(request, viewer: viewer, id: id)
            func field(_ name: String) -> String? { try? request.content.get(String.self, at: name) }
            try await request.baomi.departures.recordDelivery(
                of: field("letter"), for: id, deliveredOn: field("deliveredOn"), method: field("method"),
                deliveredBy: field("deliveredBy"), by: RequestsController.actor(viewer), on: request.db)
        }
    }

    /// Whoever handles departures and may see this one (404 otherwise, as if it did not exist).
    static func managing(_ request: Request, viewer: Viewer, id: UUID) async throws -> Viewer {
        let viewer = try await request.require(.manageDepartures)
        let model = try await RequestsAPI.visible(id, viewer: viewer, request: request)
        guard model.kind == RequestKind.departure.rawValue else {
            throw DomainError.notFound(zh: "离岗离职申请不存在", en: "No such departure")
        }
        return viewer
    }

    // MARK: The letters (T12)

    static func reminder(_ request: Request) async throws -> Response {
        try await letter(.reminder, request)
    }

    static func notice(_ request: Request) async throws -> Response {
        try await letter(.notice, request)
    }

    private static func letter(_ letter: DepartureLetter, _ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageDepartures)
        let id = try request.uuidParameter()
        let model = try await RequestsAPI.visible(id, viewer: viewer, request: request)
        let sheet = try await sheet(letter, of: model, request: request)
        return try await HTMLPage(html: DepartureLetterPage.render(PageContext(request), sheet: sheet))
            .encodeResponse(for: request)
    }

    /// A letter's facts: the leaver as named at submission; the periods as fixed at completion, or as they will
    /// run from the day it completes (A7, T11).
    static func sheet(
        _ letter: DepartureLetter, of model: RequestModel, request: Request
    ) async throws -> DepartureLetterSheet {
        guard model.kind == RequestKind.departure.rawValue,
            let payload = Departure.decodePayload(Data(model.payload.utf8))
        else { throw DomainError.notFound(zh: "离岗离职申请不存在", en: "No such departure") }
        if letter == .notice, (payload.newEmployer ?? "").isEmpty { throw DepartureRules.noNewEmployer }
        var person: PersonModel?
        if let personID = payload.personID { person = try await PersonModel.find(personID, on: request.db) }
        let postClass = SecretPostClass(rawValue: payload.postClass ?? "") ?? .nonSecret
        let done = model.state == RequestState.done.rawValue
        var separation = done ? person?.separationUntil : nil
        var nonCompete = done ? person?.nonCompeteUntil : nil
        if !done {
            let policy = try await request.baomi.settings.departurePolicy(on: request.db)
            let years = policy.separationYears(postClass)
            separation = years > 0 ? "办结之日起 \(years) 年" : nil
            if postClass == .core { nonCompete = "离职之日起 \(policy.nonCompeteYears) 年" }
        }
        let unit = try await request.baomi.organisation.units(on: request.db).first { $0.kind == "unit" }?.name ?? ""
        return DepartureLetterSheet(
            letter: letter, number: model.number, unit: unit, personName: payload.personName ?? "",
            employeeNumber: payload.employeeNumber ?? "", departmentName: payload.departmentName ?? "",
            postClass: postClass,
            way: Departure.Way(rawValue: payload.departureKind ?? "")?.title.zh ?? "",
            lastWorkingDay: payload.lastWorkingDay ?? "", newEmployer: payload.newEmployer ?? "",
            separation: separation, nonCompete: nonCompete,
            issuedOn: ClearanceRepository.today(model.closedAt ?? request.baomi.clock()))
    }

    // MARK: After leaving (A7, T11)

    static func bound(
        _ period: DepartureRepository.BoundPeriod, _ request: Request
    ) async throws -> (Viewer, [DepartureRepository.Bound]) {
        let viewer = try await request.require(.manageDepartures)
        let departments = try await departments(request, viewer: viewer)
        let people = try await request.baomi.departures.bound(
            period, today: ClearanceRepository.today(request.baomi.clock()), departments: departments.map(Array.init),
            on: request.db)
        return (viewer, people)
    }

    static func separationList(_ request: Request) async throws -> Response {
        let (_, people) = try await bound(.separation, request)
        return try await HTMLPage(html: DeparturePages.bound(PageContext(request), period: .separation, people: people))
            .encodeResponse(for: request)
    }

    static func nonCompeteList(_ request: Request) async throws -> Response {
        let (_, people) = try await bound(.nonCompete, request)
        return try await HTMLPage(html: DeparturePages.bound(PageContext(request), period: .nonCompete, people: people))
            .encodeResponse(for: request)
    }

    static func separationExport(_ request: Request) async throws -> Response {
        try await export(.separation, title: "脱密期人员名单", request)
    }

    static func nonCompeteExport(_ request: Request) async throws -> Response {
        try await export(.nonCompete, title: "竞业限制人员名单", request)
    }

    private static func export(
        _ period: DepartureRepository.BoundPeriod, title: String, _ request: Request
    ) async throws -> Response {
        let (viewer, people) = try await bound(period, request)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: period.rawValue),
                    details: ["rows": String(people.count), "format": "csv"])
            ], by: viewer.auditActor, on: request.db)
        return try LedgerDownload.response(
            .csv, title: title, headers: DeparturePages.boundHeaders, rows: DeparturePages.boundRows(people),
            marking: "")
    }

    // MARK: The periods (A7, T11)

    static func policyValues(_ policy: DeparturePolicy) -> [String: String] {
        [
            "coreYears": String(policy.coreYears), "importantYears": String(policy.importantYears),
            "generalYears": String(policy.generalYears), "nonCompeteYears": String(policy.nonCompeteYears),
        ]
    }

    static func policyPage(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageDepartures)
        let policy = try await request.baomi.settings.departurePolicy(on: request.db)
        return try await HTMLPage(
            html: DeparturePages.policy(
                PageContext(request), values: policyValues(policy), errors: [],
                canChange: viewer.can(.manageSecrecyOrganisation))
        ).encodeResponse(for: request)
    }

    static func savePolicy(_ request: Request) async throws -> Response {
        // The organisation's settings are the security office's (A7, T30).
        let viewer = try await request.require(.manageSecrecyOrganisation)
        try request.verifyCSRF()
        let values = request.formFields()
        func years(_ name: String) -> Int { Int(values[name]?.trimmed ?? "") ?? 0 }
        do {
            try await request.baomi.settings.setDeparturePolicy(
                DeparturePolicy(
                    coreYears: years("coreYears"), importantYears: years("importantYears"),
                    generalYears: years("generalYears"), nonCompeteYears: years("nonCompeteYears")),
                by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.departures(.policy).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: DeparturePages.policy(PageContext(request), values: values, errors: errors, canChange: true),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }
}
