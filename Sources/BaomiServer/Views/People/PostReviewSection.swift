import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The person page's 涉密人员复审 (A2) and 原单位保密义务 (T13) sections, for the security office and the security
/// administrator: the reviews with the next one due, the duties to former employers with a warning where one touches
/// the post, and the forms that record them.
enum PostReviewSection {
    struct Model {
        struct Review {
            var reviewedOn: String
            var outcome: ReviewOutcome
            var postClass: SecretPostClass
            var note: String?
            var reviewedBy: String
        }

        struct Obligation {
            var employer: String
            var kind: PriorObligationKind
            var field: String
            var endsOn: String?
            /// Set when the duty, still binding, touches the person's post (T13).
            var warning: LocalizedText?
        }

        var personID: UUID
        var inSecretPost: Bool
        var cycleMonths: Int
        var nextDue: String?
        var reviews: [Review]
        var obligations: [Obligation]
    }

    static func render(
        _ context: PageContext, _ model: Model, values: [String: String] = [:], errors: [FieldError] = []
    ) -> [BodyNode] {
        [
            reviews(context, model, values: values, errors: errors),
            obligations(context, model, values: values, errors: errors),
        ]
    }

    private static func reviews(
        _ context: PageContext, _ model: Model, values: [String: String], errors: [FieldError]
    ) -> BodyNode {
        var children: [BodyNode] = [
            H.el("h2", [], text: context.t("涉密人员复审 (A2)", "Re-review (A2)")),
            H.el(
                "p", [("id", "review-due")],
                text: model.inSecretPost
                    ? context.t(
                        "每 \(model.cycleMonths) 个月复审一次；下次复审：\(model.nextDue ?? "—")",
                        "Reviewed every \(model.cycleMonths) months; next review due: \(model.nextDue ?? "—")")
                    : context.t("不在涉密岗位，无需复审。", "Holds no secret post: no review is due.")),
            H.table(
                [
                    context.t("复审日期", "Reviewed on"), context.t("结论", "Outcome"), context.t("当时等级", "Class then"),
                    context.t("说明", "Note"), context.t("复审人", "Reviewed by"),
                ],
                model.reviews.map { review in
                    [
                        .text(review.reviewedOn), .text(context.t(review.outcome.title)),
                        .text(context.t(review.postClass.title)), .text(review.note ?? ""), .text(review.reviewedBy),
                    ]
                }, empty: context.t("尚无复审记录。", "No reviews yet.")),
        ]
        if model.inSecretPost {
            let form = FormBuilder(context, values: values, errors: errors.filter { review.contains($0.field) })
            children.append(
                form.form(
                    action: .personReviews(model.personID), submit: context.t("登记复审", "Record the review"),
                    [
                        form.text("reviewedOn", context.t("复审日期", "Reviewed on"), required: true, type: "date"),
                        form.select(
                            "outcome", context.t("结论", "Outcome"),
                            options: ReviewOutcome.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true),
                        form.text(
                            "note", context.t("说明", "Note"),
                            hint: context.t(
                                "结论为需调整时必填；调整本身在上方的涉密等级表单中办理",
                                "Required when a change is needed; the change itself is made in the secret-post form")),
                    ], id: "review-form"))
        }
        return H.el("section", [("class", "card"), ("id", "reviews")], children)
    }

    private static let review: Set<String> = ["reviewedOn", "outcome", "note"]
    private static let obligation: Set<String> = ["employer", "kind", "field", "endsOn"]

    private static func obligations(
        _ context: PageContext, _ model: Model, values: [String: String], errors: [FieldError]
    ) -> BodyNode {
        var children: [BodyNode] = [
            H.el("h2", [], text: context.t("原单位保密义务 (T13)", "Duties to former employers (T13)"))
        ]
        for warning in model.obligations.compactMap(\.warning) {
            children.append(
                H.el("div", [("class", "alert alert-warn"), ("role", "status")], text: context.t(warning) + " (T13)"))
        }
        children.append(
            H.table(
                [
                    context.t("原单位", "Former employer"), context.t("义务类型", "Kind"), context.t("涉及领域", "Field"),
                    context.t("截止日期", "Ends on"),
                ],
                model.obligations.map { duty in
                    [
                        .text(duty.employer), .text(context.t(duty.kind.title)), .text(duty.field),
                        .text(duty.endsOn ?? context.t("无截止日期", "without end")),
                    ]
                }, empty: context.t("未登记原单位保密义务。", "No duties to former employers recorded.")))
        let form = FormBuilder(context, values: values, errors: errors.filter { obligation.contains($0.field) })
        children.append(
            form.form(
                action: .personObligations(model.personID), submit: context.t("登记", "Record"),
                [
                    form.text("employer", context.t("原单位", "Former employer"), required: true),
                    form.select(
                        "kind", context.t("义务类型", "Kind"),
                        options: PriorObligationKind.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true
                    ),
                    form.text("field", context.t("涉及领域", "Field"), required: true),
                    form.text(
                        "endsOn", context.t("截止日期", "Ends on"), type: "date",
                        hint: context.t("不填表示无截止日期", "Leave empty when the duty has no end")),
                ], id: "obligation-form"))
        return H.el("section", [("class", "card"), ("id", "obligations")], children)
    }
}
