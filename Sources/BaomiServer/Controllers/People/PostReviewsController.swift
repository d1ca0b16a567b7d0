import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension BaomiServices {
    /// 涉密人员复审 and prior duties (A2, T13); cheap to make, so made where used.
    var postReviews: PostReviews { PostReviews(store: store, clock: clock) }
}

/// The person page's re-review and prior-obligation forms (A2, T13), and the page of the re-review cycle.
enum PostReviewsController {
    /// The security office and the security administrator keep 涉密人员's reviews and prior duties.
    static func mayKeep(_ viewer: Viewer) -> Bool {
        viewer.can(.manageSecrecyOrganisation) || viewer.can(.manageClearances)
    }

    static func requireKeeper(_ request: Request) async throws -> Viewer {
        let viewer = try await request.requireViewer()
        if !mayKeep(viewer) { _ = try await request.require(.manageSecrecyOrganisation) }
        return viewer
    }

    /// The sections' model, or nil for a viewer who may not see them.
    static func model(_ request: Request, person: PersonModel) async throws -> PostReviewSection.Model? {
        guard let viewer = request.viewer, mayKeep(viewer), let id = person.id else { return nil }
        let repository = request.baomi.postReviews
        let reviews = try await repository.reviews(of: id, on: request.db)
        let policy = try await request.baomi.settings.reviewPolicy(on: request.db)
        let today = ClearanceRepository.today(request.baomi.clock())
        let department = try await OrgUnitModel.find(person.$department.id, on: request.db)?.name ?? ""
        let postField = try await PostHistory.currentPostFields(of: [id], on: request.db)[id]
        return PostReviewSection.Model(
            personID: id, inSecretPost: person.postClass != SecretPostClass.nonSecret.rawValue,
            cycleMonths: policy.cycleMonths,
            nextDue: try await repository.nextDue(of: person, reviews: reviews, policy: policy, on: request.db),
            reviews: reviews.map {
                .init(
                    reviewedOn: $0.reviewedOn, outcome: ReviewOutcome(rawValue: $0.outcome) ?? .confirmed,
                    postClass: SecretPostClass(rawValue: $0.postClass) ?? .nonSecret, note: $0.note,
                    reviewedBy: $0.reviewedBy)
            },
            obligations: try await repository.obligations(of: id, on: request.db).map { row in
                let duty = row.obligation
                return .init(
                    employer: duty.employer, kind: duty.kind, field: duty.field, endsOn: duty.endsOn,
                    warning: duty.conflicts(post: person.post, department: department, postField: postField, on: today)
                        ? duty.warning : nil)
            })
    }

    @Sendable static func recordReview(_ request: Request) async throws -> Response {
        let viewer = try await requireKeeper(request)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        return try await submit(request, id: id, values: values, anchor: "reviews") {
            let draft = try ClearanceReviewDraft.parse(
                reviewedOn: values["reviewedOn"], outcome: values["outcome"], note: values["note"],
                today: ClearanceRepository.today(request.baomi.clock()))
            try await request.baomi.postReviews.record(draft, for: id, by: viewer.auditActor, on: request.db)
        }
    }

    @Sendable static func addObligation(_ request: Request) async throws -> Response {
        let viewer = try await requireKeeper(request)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        return try await submit(request, id: id, values: values, anchor: "obligations") {
            let duty = try PriorObligation.parse(
                employer: values["employer"], kind: values["kind"], field: values["field"], endsOn: values["endsOn"])
            try await request.baomi.postReviews.addObligation(duty, for: id, by: viewer.auditActor, on: request.db)
        }
    }

    /// Runs a form's write: back to the person's section when it was kept, otherwise the page again with the
    /// values and the errors beside their fields.
    private static func submit(
        _ request: Request, id: UUID, values: [String: String], anchor: String, _ write: () async throws -> Void
    ) async throws -> Response {
        var errors: [FieldError]
        do {
            try await write()
            return request.redirect(to: SiteRoute.person(id).path + "?saved=1#\(anchor)")
        } catch DomainError.invalid(let invalid) {
            errors = invalid
        } catch let refusal as Refusal {
            errors = [
                FieldError(
                    field: anchor == "reviews" ? "outcome" : "field", rule: refusal.rule, message: refusal.reason)
            ]
        }
        let person = try await request.baomi.organisation.person(id, on: request.db)
        let more = try await model(request, person: person).map {
            PostReviewSection.render(PageContext(request), $0, values: values, errors: errors)
        }
        return try await HTMLPage(
            html: try await PeopleController.detailPage(request, id: id, more: more ?? []),
            status: .unprocessableEntity
        ).encodeResponse(for: request)
    }

    @Sendable static func policyPage(_ request: Request) async throws -> Response {
        _ = try await requireKeeper(request)
        let policy = try await request.baomi.settings.reviewPolicy(on: request.db)
        return try await HTMLPage(
            html: ReviewPolicyPage.page(PageContext(request), values: ["cycleMonths": String(policy.cycleMonths)])
        ).encodeResponse(for: request)
    }

    @Sendable static func setPolicy(_ request: Request) async throws -> Response {
        // The organisation's settings are the security office's (T30).
        let viewer = try await request.require(.manageSecrecyOrganisation)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            guard let months = Int(values["cycleMonths"]?.trimmed ?? "") else {
                throw DomainError.invalid(
                    field: "cycleMonths", rule: RuleID("A2"), zh: "复审周期须为 1 到 60 个月", en: "A cycle is 1 to 60 months")
            }
            try await request.baomi.settings.setReviewPolicy(
                ReviewPolicy(cycleMonths: months), by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.reviewPolicy.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: ReviewPolicyPage.page(PageContext(request), values: values, errors: errors),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }
}
