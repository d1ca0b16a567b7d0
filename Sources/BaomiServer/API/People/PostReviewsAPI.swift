import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct ClearanceReviewInput: Content {
    var reviewedOn: String
    var outcome: String
    var note: String?
}

struct PriorObligationInput: Content {
    var employer: String
    var kind: String
    var field: String
    var endsOn: String?
}

struct ReviewPolicyDTO: Content {
    var cycleMonths: Int
}

/// `/api/v1/people/{id}/reviews`, `…/prior-obligations` and `/api/v1/review-policy`: 涉密人员复审 (A2) and the
/// duties new hires owe former employers (T13), for the security office and the security administrator.
enum PostReviewsAPI {
    struct ReviewDTO: Content {
        var id: UUID
        var reviewedOn: String
        var outcome: String
        var postClass: String
        var note: String?
        var reviewedBy: String
    }

    struct ReviewsDTO: Content {
        var cycleMonths: Int
        var nextDue: String?
        var reviews: [ReviewDTO]
    }

    struct ObligationDTO: Content {
        var id: UUID
        var employer: String
        var kind: String
        var field: String
        var endsOn: String?
        var touchesPost: Bool
        var warning: LocalizedText?
    }

    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "Person UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "people/{id}/reviews", operationID: "listClearanceReviews", tag: "people",
                summary: "A 涉密人员's re-reviews and when the next is due 涉密人员复审 (A2)", parameters: [id],
                responseSchema: "ClearanceReviews"), on: routes, reviews)
        registry.register(
            APIOperation(
                method: .POST, path: "people/{id}/reviews", operationID: "recordClearanceReview", tag: "people",
                summary: "Record a re-review of someone in a secret post (A2)", parameters: [id],
                requestSchema: "ClearanceReviewInput", responseSchema: "ClearanceReviews", successStatus: 201),
            on: routes, recordReview)
        registry.register(
            APIOperation(
                method: .GET, path: "people/{id}/prior-obligations", operationID: "listPriorObligations",
                tag: "people",
                summary: "Duties the person owes former employers, with a warning where one touches the post (T13)",
                parameters: [id], responseSchema: "PriorObligation", responseIsArray: true), on: routes, obligations)
        registry.register(
            APIOperation(
                method: .POST, path: "people/{id}/prior-obligations", operationID: "recordPriorObligation",
                tag: "people", summary: "Record a duty to a former employer learnt on hiring 原单位保密义务 (T13)",
                parameters: [id], requestSchema: "PriorObligationInput", responseSchema: "PriorObligation",
                responseIsArray: true, successStatus: 201), on: routes, addObligation)
        registry.register(
            APIOperation(
                method: .GET, path: "review-policy", operationID: "getReviewPolicy", tag: "people",
                summary: "How often 涉密人员 are re-reviewed (A2)", responseSchema: "ReviewPolicy"), on: routes, policy)
        registry.register(
            APIOperation(
                method: .PUT, path: "review-policy", operationID: "setReviewPolicy", tag: "people",
                summary: "Change the re-review cycle (security office; T30)", requestSchema: "ReviewPolicy",
                responseSchema: "ReviewPolicy"), on: routes, setPolicy)
    }

    @Sendable static func reviews(_ request: Request) async throws -> Response {
        _ = try await PostReviewsController.requireKeeper(request)
        return try await reviewsAnswer(try request.uuidParameter(), request: request)
    }

    @Sendable static func recordReview(_ request: Request) async throws -> Response {
        let viewer = try await PostReviewsController.requireKeeper(request)
        let id = try request.uuidParameter()
        let body = try request.body(ClearanceReviewInput.self)
        let draft = try ClearanceReviewDraft.parse(
            reviewedOn: body.reviewedOn, outcome: body.outcome, note: body.note,
            today: ClearanceRepository.today(request.baomi.clock()))
        try await request.baomi.postReviews.record(draft, for: id, by: viewer.auditActor, on: request.db)
        return try await reviewsAnswer(id, request: request, status: .created)
    }

    static func reviewsAnswer(
        _ id: UUID, request: Request, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let person = try await request.baomi.organisation.person(id, on: request.db)
        let repository = request.baomi.postReviews
        let reviews = try await repository.reviews(of: id, on: request.db)
        let policy = try await request.baomi.settings.reviewPolicy(on: request.db)
        return try request.json(
            ReviewsDTO(
                cycleMonths: policy.cycleMonths,
                nextDue: try await repository.nextDue(of: person, reviews: reviews, policy: policy, on: request.db),
                reviews: reviews.map {
                    ReviewDTO(
                        id: $0.id ?? UUID(), reviewedOn: $0.reviewedOn, outcome: $0.outcome, postClass: $0.postClass,
                        note: $0.note, reviewedBy: $0.reviewedBy)
                }), status: status)
    }

    @Sendable static func obligations(_ request: Request) async throws -> Response {
        _ = try await PostReviewsController.requireKeeper(request)
        return try await obligationsAnswer(try request.uuidParameter(), request: request)
    }

    @Sendable static func addObligation(_ request: Request) async throws -> Response {
        let viewer = try await PostReviewsController.requireKeeper(request)
        let id = try request.uuidParameter()
        let body = try request.body(PriorObligationInput.self)
        let duty = try PriorObligation.parse(
            employer: body.employer, kind: body.kind, field: body.field, endsOn: body.endsOn)
        try await request.baomi.postReviews.addObligation(duty, for: id, by: viewer.auditActor, on: request.db)
        return try await obligationsAnswer(id, request: request, status: .created)
    }

    static func obligationsAnswer(
        _ id: UUID, request: Request, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let person = try await request.baomi.organisation.person(id, on: request.db)
        let department = try await OrgUnitModel.find(person.$department.id, on: request.db)?.name ?? ""
        let today = ClearanceRepository.today(request.baomi.clock())
        let postField = try await PostHistory.currentPostFields(of: [id], on: request.db)[id]
        return try request.json(
            try await request.baomi.postReviews.obligations(of: id, on: request.db).map { row in
                let duty = row.obligation
                let touches = duty.conflicts(
                    post: person.post, department: department, postField: postField, on: today)
                return ObligationDTO(
                    id: row.id ?? UUID(), employer: duty.employer, kind: duty.kind.rawValue, field: duty.field,
                    endsOn: duty.endsOn, touchesPost: touches, warning: touches ? duty.warning : nil)
            }, status: status)
    }

    @Sendable static func policy(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        let policy = try await request.baomi.settings.reviewPolicy(on: request.db)
        return try request.json(ReviewPolicyDTO(cycleMonths: policy.cycleMonths))
    }

    @Sendable static func setPolicy(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let body = try request.body(ReviewPolicyDTO.self)
        try await request.baomi.settings.setReviewPolicy(
            ReviewPolicy(cycleMonths: body.cycleMonths), by: viewer.auditActor, on: request.db)
        return try await policy(request)
    }
}
