import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// 离岗离职 (T22, T12, T11, A7, A4): submitting bars the person at once (`leaving`); the last approval completes the
/// departure only when the person holds nothing and every returned item is signed off (T22), and in the same
/// transaction starts the 脱密期 and the non-compete period and takes every access away (A7, T11). A refusal or a
/// withdrawal gives the person back their status.
struct DepartureEffect: RequestKindEffect {
    typealias Kind = Departure

    func check(
        _ submission: inout Submission<Departure.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        guard let personID = submission.payload.personID,
            let person = try await PersonModel.find(personID, on: database)
        else {
            throw DomainError.invalid(field: "personID", zh: "人员不存在", en: "No such person")
        }
        let status = PersonStatus(rawValue: person.status) ?? .active
        // A resubmission after a return for changes finds its own person leaving already.
        if status != .active, submission.resubmitting == nil {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "\(person.name)现为「\(status.title.zh)」，不能再次发起离岗离职",
                    en: "\(person.name) is \(status.title.en.lowercased()) already"), rule: RuleID("T22"))
        }
        if let open = try await DepartureRepository.openDeparture(
            of: personID, excluding: submission.resubmitting, on: database)
        {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "\(person.name)的离岗离职申请 \(open) 尚在办理", en: "\(person.name)'s departure \(open) is under way"),
                rule: RuleID("T22"))
        }
        // The leaver as they are named today, kept with the request (principle 12).
        submission.payload.personName = person.name
        submission.payload.employeeNumber = person.employeeNumber
        submission.payload.departmentName = try await OrgUnitModel.find(person.$department.id, on: database)?.name
        submission.payload.postClass = person.postClass
        // T10: a member of a key project not yet ended leaves only with the leader in charge's approval too.
        let running = KeyProjectRules.running(
            try await KeyProjectRepository.keyProjects(of: person, on: database),
            today: ClearanceRepository.today(repository.clock()))
        submission.payload.keyProjects = running.isEmpty ? nil : running.map(\.label.zh)
        if !running.isEmpty { submission.addedSteps.append(KeyProjectRules.leaderStep(for: running)) }
        // The chain is the one configured for the level the person's post reaches (their post class's highest).
        let postClasses = try await SettingsRepository(store: repository.store).postClasses(on: database)
        let postClass = SecretPostClass(rawValue: person.postClass) ?? .nonSecret
        let maxima = postClasses.maxima(of: postClass)
        let reached = [Regime.state, .commercial, .work].compactMap { maxima[$0] }
            .compactMap { submission.catalogue.definition($0) }
        submission.level =
            reached.first ?? submission.catalogue.levels.min { $0.protectionWeight < $1.protectionWeight }
    }

    /// Submitted: the person is leaving from now on, and so has no access (A4).
    func submitted(
        _ request: RequestModel, _ submission: Submission<Departure.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {
        guard let personID = submission.payload.personID else { return }
        try await database.sql.raw(
            """
            UPDATE people SET status = \(bind: PersonStatus.leaving.rawValue), updated_at = \(bind: repository.clock())
            WHERE id = \(bind: personID)
            """
        ).run()
    }

    func apply(
        _ request: RequestModel, payload: Departure.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        guard let personID = payload.personID else { return }
        try await RowLock.take(PersonModel.schema, id: personID, on: database)
        guard
            let person = try await PersonModel.query(on: database).filter(\.$id == personID).with(\.$department)
                .first()
        else { throw DomainError.notFound(zh: "人员不存在", en: "No such person") }
        // T22: nothing may still be held, borrowed or carried out…
        let held = try await DepartureHoldings.counts(of: personID, on: database)
        if held.copies + held.borrowings + held.carryOuts > 0 {
            throw DepartureRules.holding(copies: held.copies, borrowings: held.borrowings, carryOuts: held.carryOuts)
        }
        // …and every returned item is signed off.
        let unsigned = try await DepartureItemModel.query(on: database)
            .filter(\.$request.$id == request.requireID()).filter(\.$signedAt == nil).count()
        if unsigned > 0 { throw DepartureRules.unsigned(count: unsigned) }
        let now = repository.clock()
        let today = CalendarDay(ClearanceRepository.today(now)) ?? CalendarDay(year: 2026, month: 1, day: 1)!
        let postClass = SecretPostClass(rawValue: person.postClass) ?? .nonSecret
        let policy = try await SettingsRepository(store: repository.store).departurePolicy(on: database)
        // T11: a member of a key project is key staff (3 years' non-compete), read before the access goes.
        let keyProjects = try await KeyProjectRepository.keyProjects(of: person, on: database)
        let periods = DeparturePeriods.compute(
            completedOn: today, postClass: postClass,
            keyStaff: DeparturePeriods.isKeyStaff(
                postClass: postClass, inKeyDepartment: person.department.isKeyDepartment,
                inKeyProject: !keyProjects.isEmpty),
            policy: policy)
        // All access gone at once (A4, A7): no post, no projects, no groups, no classifying authority.
        person.status = PersonStatus.departed.rawValue
        person.postClass = SecretPostClass.nonSecret.rawValue
        person.compartments = "[]"
        person.groups = "[]"
        person.classifierMaxLevel = nil
        person.separationUntil = periods.separationUntil
        person.nonCompeteUntil = periods.nonCompeteUntil
        person.departedOn = today.description
        try await person.save(on: database)
        let change = ClearanceChangeModel()
        change.$person.id = personID
        change.postClass = SecretPostClass.nonSecret.rawValue
        change.compartments = "[]"
        change.groups = "[]"
        change.separationUntil = periods.separationUntil
        change.reason = "离岗离职 \(request.number)（T22、A7）"
        change.changedBy = actor.displayName
        change.changedAt = now
        try await change.create(on: database)
        // The post is left with everything else: the 岗位履历 shows the spell ending on the day of completion (A2).
        try await PostAssignmentModel.query(on: database).filter(\.$person.$id == personID)
            .filter(\.$untilDate == nil).set(\.$untilDate, to: today.description).update()
        // T10: leaving a key project before it ends — a new agreement to sign and a tracking file per project.
        try await KeyProjectLeaving(repository: repository).approved(
            person, projects: KeyProjectRules.running(keyProjects, today: today.description), reason: .departure,
            request: request, on: lastWorkingDay(payload) ?? today.description, agreement: .departureCommitment,
            actor: actor, on: database)
        request.state = RequestState.done.rawValue
        request.closedAt = now
    }

    /// Refused or withdrawn: the person is no longer leaving.
    func release(
        _ request: RequestModel, actor: AuditActor, repository: RequestRepository, on database: any Database
    ) async throws {
        guard let personID = try payload(of: request).personID else { return }
        try await database.sql.raw(
            """
            UPDATE people SET status = \(bind: PersonStatus.active.rawValue), updated_at = \(bind: repository.clock())
            WHERE id = \(bind: personID) AND status = \(bind: PersonStatus.leaving.rawValue)
            """
        ).run()
    }

    private func lastWorkingDay(_ payload: Departure.Payload) -> String? {
        payload.lastWorkingDay.flatMap { CalendarDay($0)?.description }
    }
}
