/// The re-review of 涉密人员 and new hires' prior duties (A2, T13, #16), kept beside the main catalogue.
extension AuditAction {
    public static let clearanceReview = AuditAction("people.review")
    public static let reviewPolicy = AuditAction("people.reviewPolicy")
    public static let priorObligation = AuditAction("people.priorObligation")

    static let postReviewTitles: [String: LocalizedText] = [
        clearanceReview.rawValue: LocalizedText(zh: "涉密人员复审", en: "Re-review a 涉密人员"),
        reviewPolicy.rawValue: LocalizedText(zh: "修改复审周期", en: "Change the re-review cycle"),
        priorObligation.rawValue: LocalizedText(zh: "登记原单位保密义务", en: "Record a duty to a former employer"),
    ]
}
