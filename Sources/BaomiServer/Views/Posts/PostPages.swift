import BaomiDomain
import Foundation
import Plot

/// The register of secret posts (A2, T9): the list by department, and the form that adds or changes one.
enum PostPages {
    static func list(
        _ context: PageContext, posts: [PostDTO], units: [(value: String, label: String)], department: String,
        includeRetired: Bool
    ) -> HTML {
        let rows: [[BodyNode]] = posts.map { post in
            [
                .text(post.code),
                context.can(.managePosts) && post.active
                    ? H.link(.posts(.edit(post.id)), post.name) : .text(post.name),
                .text(post.department),
                .text(context.t(SecretPostClass(rawValue: post.postClass)?.title ?? LocalizedText(zh: "—", en: "—"))),
                .text(needs(post.agreementsNeeded, context: context)),
                .text(post.field.isEmpty ? "—" : post.field),
                .text(String(post.holders)),
                post.active
                    ? H.badge(context.t("在用", "Active"), kind: "ok")
                    : H.badge(context.t("已撤销", "Retired"), kind: "muted"),
            ]
        }
        var actions: [BodyNode] = []
        if context.can(.managePosts) {
            actions.append(H.link(.posts(.new), context.t("新建涉密岗位", "New secret post"), classes: "button primary"))
        }
        let filter = FormBuilder(
            context, values: ["department": department, "includeRetired": includeRetired ? "1" : ""])
        return Layout.page(
            context, title: context.t("涉密岗位", "Secret posts"),
            [
                H.el("div", [("class", "toolbar")], actions),
                H.el(
                    "p", [("class", "muted")],
                    text: context.t(
                        "每个涉密岗位确定涉密等级；人员上岗须经审批，且已签订岗位所需协议、参加上岗前培训、不在脱密期 (A2, A4, T8, T9, E6.6(3), A7)。",
                        "Each secret post has its class; putting a person on one is approved, and needs the post's agreements, the pre-post training and no separation period (A2, A4, T8, T9, E6.6(3), A7)."
                    )),
                H.el(
                    "form", [("method", "get"), ("action", SiteRoute.posts(.list).path), ("class", "filters")],
                    [
                        filter.select(
                            "department", context.t("部门", "Department"), options: units,
                            emptyLabel: context.t("（全部）", "(all)")),
                        filter.checkbox("includeRetired", context.t("含已撤销", "Include retired"), value: "1"),
                        H.el("button", [("type", "submit"), ("class", "secondary")], text: context.t("筛选", "Filter")),
                    ]),
                H.el("p", [("class", "count")], text: context.t("共 \(posts.count) 个", "\(posts.count) posts")),
                H.table(
                    [
                        context.t("岗位代码", "Code"), context.t("岗位名称", "Name"), context.t("部门", "Department"),
                        context.t("涉密等级", "Class"), context.t("所需协议", "Agreements needed"),
                        context.t("涉及领域", "Field"), context.t("在岗人数", "Holders"), context.t("状态", "State"),
                    ],
                    rows, empty: context.t("还没有涉密岗位。", "No secret posts yet.")),
            ])
    }

    static func needs(_ kinds: [String], context: PageContext) -> String {
        let titles = kinds.compactMap(AgreementKind.init(rawValue:)).map { context.t($0.title) }
        return titles.isEmpty ? "—" : titles.joined(separator: context.t("、", ", "))
    }

    static func form(
        _ context: PageContext, post: PostDTO?, values: [String: String], errors: [FieldError],
        units: [(value: String, label: String)]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        var cards: [BodyNode] = [
            H.el(
                "div", [("class", "card")],
                [
                    form.form(
                        action: .posts(post.map { .edit($0.id) } ?? .new), submit: context.t("保存", "Save"),
                        [
                            form.text(
                                "code", context.t("岗位代码", "Post code"), required: true,
                                hint: context.t("唯一，如 GW-TECH-01", "Unique, e.g. GW-TECH-01")),
                            form.text("name", context.t("岗位名称", "Post name"), required: true),
                            form.select(
                                "departmentID", context.t("部门", "Department"), options: units, required: true),
                            form.select(
                                "postClass", context.t("涉密等级", "Post class"),
                                options: PostDraft.classes.map { ($0.rawValue, context.t($0.title)) },
                                required: true),
                            H.el(
                                "fieldset", [("class", "field")],
                                [
                                    H.el(
                                        "legend", [],
                                        text: context.t(
                                            "等级默认协议之外还须签订 (A4, T8)", "Needed beyond the class's own (A4, T8)"))
                                ]
                                    + PostDraft.requestable.map {
                                        form.checkbox("extraAgreements[]", context.t($0.title), value: $0.rawValue)
                                    } + errorLine("extraAgreements", errors: errors, context: context)),
                            form.text(
                                "field", context.t("涉及领域", "Field"),
                                hint: context.t(
                                    "与原单位保密义务比对 (T13)", "Compared with new hires' duties to former employers (T13)")),
                        ], id: "post-form")
                ])
        ]
        if let post, context.can(.managePosts) {
            cards.append(
                H.el(
                    "div", [("class", "card")],
                    [
                        FormBuilder(context, errors: errors.filter { $0.field == "retire" }).form(
                            action: .posts(.retire(post.id)), submit: context.t("撤销该岗位", "Retire this post"), [],
                            id: "post-retire", primary: false,
                            confirm: context.t("撤销后不能再任用，确认撤销？", "A retired post takes nobody. Retire it?"))
                    ]))
        }
        return Layout.page(
            context,
            title: post == nil ? context.t("新建涉密岗位", "New secret post") : context.t("修改涉密岗位", "Edit secret post"),
            cards)
    }

    /// 申请上岗/调岗 (A2, A4, T8, T9, E6.6(3), A7): the person, the post, the reason.
    static func appointment(
        _ context: PageContext, people: [FormChoice], posts: [FormChoice], values: [String: String],
        errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        return Layout.page(
            context, title: context.t("申请上岗/调岗", "Ask to put a person on a post"),
            [
                H.el(
                    "p", [("class", "muted")],
                    text: context.t(
                        "经所在部门和保密办审批后，人员按岗位确定涉密等级。提交和批准时都须已签订岗位所需协议、参加上岗前保密培训，且不在离岗、脱密期 (A4, T8, T9, E6.6(3), A7)。",
                        "Once the department and the security office approve, the person's class follows the post. On submission and on approval the person must hold the post's agreements, have passed the pre-post training, and be neither leaving nor in a separation period (A4, T8, T9, E6.6(3), A7)."
                    )),
                H.el(
                    "div", [("class", "card")],
                    [
                        form.form(
                            action: .posts(.appoint), submit: context.t("提交申请", "Submit"),
                            [
                                form.select(
                                    "personID", context.t("上岗人员", "Person"),
                                    options: people.map { ($0.value, $0.label) }, required: true),
                                form.select(
                                    "postCode", context.t("岗位", "Post"), options: posts.map { ($0.value, $0.label) },
                                    required: true),
                                form.text("reason", context.t("事由", "Reason"), required: true),
                            ], id: "appointment-form")
                    ]),
            ])
    }

    private static func errorLine(_ field: String, errors: [FieldError], context: PageContext) -> [BodyNode] {
        errors.filter { $0.field == field }.map { error in
            H.el(
                "div", [("class", "field-error"), ("id", "e-\(field)")],
                text: error.message.text(in: context.language) + (error.rule.map { " (\($0))" } ?? ""))
        }
    }
}
