import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Borrowing and carrying out, shared by the pages and the API (A6, C4): who may ask, hand over and take back.
enum LoanActions {
    /// Asking: a borrowing or carrying out needs the access decision's `borrow` (clearance and scope, A2, A3); every
    /// other request is the keepers' (T5.2).
    static func requireSubmission(
        _ kind: RequestKind, carriers: [CarrierModel], request: Request
    ) async throws -> Viewer {
        // A trip abroad is asked for by the traveller or the office; former staff's requests the office records
        // (A7, T14); the kinds' effects judge the rest.
        if kind == .travelAbroad { return try await TravelController.requireTravel(request) }
        if kind == .formerStaffUse { return try await request.require(.manageTravel) }
        // Putting a person on a post is asked for by the office or HR (A2, T9).
        if kind == .secretPost { return try await request.require(.proposePosts) }
        if kind.isLoan {
            let viewer = try await request.require(.borrowCarriers)
            for carrier in carriers { try await request.requireAccess(.borrow, to: carrier, viewer: viewer) }
            return viewer
        }
        // A departure concerns a person, not a carrier: those who handle departures start it (T22).
        if kind == .departure { return try await request.require(.manageDepartures) }
        // A key member's transfer out of the project (T10) is the security office's to file.
        if kind == .keyProjectTransfer { return try await request.require(.trackKeyProjects) }
        let viewer = try await request.require(.manageCarriers)
        for carrier in carriers { try await request.requireStewardship(of: carrier, viewer: viewer) }
        return viewer
    }

    /// Handing over: by the copy's keeper, and only if the borrower may still have it — a clearance withdrawn
    /// since the approval stops the hand-over (`LoanRules.mayHandOver`, C4, A2, A4).
    static func issue(_ id: UUID, viewer: Viewer, request: Request) async throws {
        try await issue(try await request.baomi.requests.request(id, on: request.db), viewer: viewer, request: request)
    }

    /// Handing over a request already loaded (with its copy and carrier).
    static func issue(_ model: RequestModel, viewer: Viewer, request: Request) async throws {
        let id = try model.requireID()
        let levels = try await request.levelCatalogue()
        let postClasses = try await request.postClassCatalogue()
        guard let copy = model.items.first?.copy,
            let borrower = try await request.baomi.requests.borrower(
                of: id, levels: levels, postClasses: postClasses, on: request.reads)
        else { throw DomainError.notFound(zh: "借用申请不存在", en: "No such borrowing") }
        try await request.requireStewardship(of: copy, viewer: viewer)
        let verdict = AccessDecision.decide(
            borrower.subject, .borrow, try await request.accessObject(copy.carrier), postClasses: postClasses,
            levels: levels)
        try LoanRules.mayHandOver(to: borrower.name, borrower: verdict).enforce()
        try await request.baomi.requests.issue(id, by: RequestsController.actor(viewer), on: request.db)
    }

    /// Handing back or taking back; returns when it was handed back.
    @discardableResult
    static func giveBack(_ id: UUID, force: Bool, viewer: Viewer, request: Request) async throws -> Date {
        try await request.baomi.requests.returnLoan(
            id, force: force, by: RequestsController.actor(viewer), on: request.db)
    }

    /// Checking a returned copy in: by the copy's keeper (T5.2), into its place or another that may keep it (C4, C6).
    static func checkIn(_ id: UUID, placeID: UUID?, viewer: Viewer, request: Request) async throws {
        let model = try await request.baomi.requests.request(id, on: request.db)
        guard let copy = model.items.first?.copy else {
            throw DomainError.notFound(zh: "借用申请不存在", en: "No such borrowing")
        }
        try await request.requireStewardship(of: copy, viewer: viewer)
        try await request.baomi.requests.checkIn(
            id, placeID: placeID, catalogue: try await request.levelCatalogue(), by: RequestsController.actor(viewer),
            on: request.db)
    }

    /// What the viewer may do with a loan on the request page.
    struct Options {
        var loan: LoanModel
        var canIssue: Bool
        var canReturn: Bool
        var canTakeBack: Bool
        /// The keeper checks a handed-back copy in; the places offered may keep it (C4, C6).
        var canCheckIn: Bool
        var places: [StoragePlaceModel]
        var overdue: Bool
        /// Who carries a carried-out copy, and the courier of a hospital delivery, by name (C4, L3).
        var bearers: [String] = []
        var courier: String?
    }

    static func options(_ model: RequestModel, viewer: Viewer, request: Request) async throws -> Options? {
        guard RequestKind(rawValue: model.kind)?.isLoan == true, let id = model.id,
            let loan = try await request.baomi.requests.loan(of: id, on: request.db),
            let copy = model.items.first?.copy
        else { return nil }
        let levels = try await request.baomi.settings.levelCatalogue(on: request.db)
        let keeps = AccessDecision.decide(
            try await request.accessSubject(viewer), .manage,
            try await request.baomi.clearances.object(copy.carrier, levels: levels, on: request.db),
            postClasses: try await request.baomi.settings.postClasses(on: request.db), levels: levels
        ).isAllowed
        let facts = loan.facts(
            approved: model.state == RequestState.approved.rawValue, copyState: CopyState(rawValue: copy.state),
            holderPersonID: copy.$holder.id)
        let party = LoanParty(accountID: viewer.accountID, personID: viewer.account.$person.id, roles: viewer.roles)
        let canCheckIn =
            keeps && LoanRules.isNext(.checkIn, facts).isAllowed && LoanRules.mayCheckIn(facts, by: party).isAllowed
        var places: [StoragePlaceModel] = []
        if canCheckIn, loan.parentRequestID == nil, let level = levels.definition(LevelID(rawValue: copy.carrier.level))
        {
            places = try await request.baomi.places.places(on: request.db).filter { place in
                guard place.isActive, let placeLevel = levels.definition(LevelID(rawValue: place.maxLevel)),
                    let kind = StorageClass(rawValue: place.kind)
                else { return false }
                return CarrierRules.checkPlace(
                    copyLevel: level, placeLevel: placeLevel, placeKind: kind, placeName: place.name
                ).isAllowed
            }
        }
        // A borrowing names no bearers: only a carrying out's payload has them.
        let payload = CarryOut.decodePayload(Data(model.payload.utf8)) ?? CarryOut.Payload()
        let bearerIDs = (payload.escortIDs ?? []) + [payload.courierID].compactMap { $0 }
        let named = try await PersonModel.query(on: request.db).filter(\.$id ~~ bearerIDs).all()
        func name(_ id: UUID) -> String? { named.first { $0.id == id }?.name }
        return Options(
            loan: loan,
            canIssue: keeps && LoanRules.isNext(.handOver, facts).isAllowed,
            canReturn: LoanRules.isNext(.handBack, facts).isAllowed
                && LoanRules.mayHandBack(facts, by: party, force: false).isAllowed,
            canTakeBack: LoanRules.isNext(.handBack, facts).isAllowed
                && LoanRules.mayHandBack(facts, by: party, force: true).isAllowed,
            canCheckIn: canCheckIn, places: places,
            overdue: LoanRules.isOverdue(facts, today: ClearanceRepository.today(request.baomi.clock())),
            bearers: (payload.escortIDs ?? []).compactMap(name), courier: payload.courierID.flatMap(name)
        )
    }
}
