import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// 岗位履历 on a person's page (A2, principle 12): posts and classes over time, as they were recorded.
enum PostHistorySection {
    static func render(
        _ context: PageContext, entries: [PostHistory.Entry], personID: UUID? = nil, isActive: Bool = false
    ) -> BodyNode {
        // 申请上岗/调岗: the normal way onto a post, offered to those who may ask while the person is active (A2, A4).
        var actions: [BodyNode] = []
        if let personID, isActive, context.can(.proposePosts) {
            actions.append(
                H.el(
                    "p", [("class", "toolbar")],
                    [
                        H.link(
                            .posts(.appoint), query: "?person=\(personID.uuidString)",
                            context.t("申请上岗/调岗", "Ask for a post"), classes: "button")
                    ]))
        }
        let rows: [[BodyNode]] = entries.map { entry in
            [
                .text(entry.from), .text(entry.until ?? context.t("至今", "now")),
                .text(entry.postCode.map { "\($0) \(entry.postName ?? "")" } ?? "—"),
                .text(entry.departmentName ?? "—"), .text(context.t(entry.postClass.title)),
                .text(entry.requestNumber ?? context.t("保密办登记", "Registered by the office")),
                .text(entry.reason), .text(entry.recordedBy),
            ]
        }
        return H.el(
            "section", [("class", "card"), ("id", "post-history")],
            [
                H.el("h2", [], text: context.t("岗位履历", "Posts over time"))
            ] + actions + [
                H.table(
                    [
                        context.t("起", "From"), context.t("止", "Until"), context.t("岗位", "Post"),
                        context.t("部门", "Department"), context.t("涉密等级", "Class"),
                        context.t("依据", "Decided by"), context.t("理由", "Reason"), context.t("登记人", "Recorded by"),
                    ], rows, empty: context.t("尚无岗位记录。", "No posts recorded yet."))
            ])
    }
}
