import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// Departure pages (T22, T12, T11, A7): the new departure, its section on the request page, the lists of people
/// still bound after leaving and the periods' setting.
enum DeparturePages {
    static func form(
        _ context: PageContext, people: [FormChoice], values: [String: String], errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let fields =
            DeparturePayloadView.fields(
                RequestFormChoices(
                    context: context, form: form, level: nil, catalogue: LevelCatalogue(levels: []), people: people,
                    cleared: [], cabinets: [])) + [form.text("reason", context.t("事由", "Reason"), required: true)]
        return Layout.page(
            context, title: context.t("发起离岗离职", "Start a departure"),
            [
                H.el(
                    "p", [("class", "muted")],
                    text: context.t(
                        "提交后该人员即为「离岗中」，不再能接触涉密载体 (A4)。须退还全部载体并逐项签收退还物品后才能办结 (T22)；办结时脱密期和竞业限制期开始，全部权限同时收回 (A7、T11)。",
                        "Once submitted the person is leaving and has no access (A4). It completes only when everything is returned and every item signed off (T22); completion starts the separation and non-compete periods and removes all access at once (A7, T11)."
                    )),
                H.el(
                    "div", [("class", "card")],
                    [
                        form.form(
                            action: .departures(.new), submit: context.t("提交申请", "Submit"), fields,
                            id: "departure-form")
                    ]),
            ])
    }

    /// The departure's own section of its request page.
    static func section(_ context: PageContext, panel: DeparturePanel, errors: [FieldError]) -> BodyNode {
        let id = panel.requestID
        let holdingRows: [[BodyNode]] = panel.holdings.map { holding in
            let kind: String =
                switch holding.kind {
                case .copy: context.t("持有", "Held")
                case .borrow: context.t("借阅未还", "Borrowed")
                case .carryOut: context.t("外带未还", "Carried out")
                }
            return [
                .text(kind),
                holding.link.map { H.el("a", [("href", $0)], text: holding.label) } ?? .text(holding.label),
            ]
        }
        var children: [BodyNode] = [
            H.el("h2", [], text: context.t("待退还（T22）", "Still to return (T22)")),
            H.table(
                [context.t("情形", "What"), context.t("载体", "Carrier")], holdingRows,
                empty: panel.unnamed == 0
                    ? context.t("该人员已无持有、借阅或外带的载体。", "Nothing is held, borrowed or carried out.") : ""),
        ]
        if panel.unnamed > 0 {
            children.append(
                H.el(
                    "p", [("class", "muted"), ("id", "unnamed-holdings")],
                    text: context.t(
                        "另有 \(panel.unnamed) 项您无权查看的载体尚未退还。",
                        "\(panel.unnamed) more item(s) you may not see are still to be returned.")))
        }
        let itemErrors = errors.filter { ["category", "description", "itemID"].contains($0.field) }
        let itemRows: [[BodyNode]] = panel.items.map { item in
            var sign: BodyNode = .text(
                item.signedBy.map { "\($0) \(item.signedAt.map(context.dateTime) ?? "")" }
                    ?? context.t("未签收", "Not signed"))
            if item.signedBy == nil, panel.canManage, panel.isOpen {
                sign = H.el(
                    "form", [("method", "post"), ("action", SiteRoute.departures(.sign(id)).path)],
                    [
                        FormBuilder(context).csrf(),
                        H.void("input", [("type", "hidden"), ("name", "itemID"), ("value", item.id.uuidString)]),
                        H.el(
                            "button", [("type", "submit"), ("id", "sign-\(item.position)")],
                            text: context.t("签收", "Sign off")),
                    ])
            }
            return [.text(String(item.position)), .text(item.category), .text(item.description), sign]
        }
        children += [
            H.el("h2", [], text: context.t("退还清单（资料、设备、样品）", "Returned items (materials, equipment, samples)")),
            H.table(
                [context.t("序号", "No."), context.t("类别", "Kind"), context.t("物品", "Item"), context.t("签收", "Signed")],
                itemRows, empty: context.t("尚未登记退还物品。", "No items listed.")),
        ]
        if panel.canManage, panel.isOpen {
            let form = FormBuilder(context, errors: itemErrors)
            children.append(
                form.form(
                    action: .departures(.items(id)), submit: context.t("登记退还物品", "Add the item"),
                    [
                        form.select(
                            "category", context.t("类别", "Kind"),
                            options: DepartureItemCategory.allCases.map { ($0.rawValue, context.t($0.title)) },
                            required: true),
                        form.text("description", context.t("物品", "Item"), required: true),
                    ], id: "item-form", primary: false))
        }
        children.append(H.el("h2", [], text: context.t("书面提醒与告知（T12）", "Letters (T12)")))
        let letterRows: [[BodyNode]] = panel.letters.compactMap { letter in
            if letter.letter == .notice, !panel.hasNewEmployer { return nil }
            let route: DeparturePage = letter.letter == .reminder ? .reminder(id) : .notice(id)
            return [
                H.link(.departures(route), context.t(letter.letter.title), classes: ""),
                .text(
                    letter.deliveredOn.map {
                        "\($0) \(letter.method ?? "") \(letter.deliveredBy ?? "")（\(context.t("登记人", "recorded by")) "
                            + "\(letter.recordedBy ?? "")）"
                    } ?? context.t("未登记送达", "Delivery not recorded")),
            ]
        }
        children.append(
            H.table([context.t("文书", "Letter"), context.t("送达", "Delivery")], letterRows, empty: ""))
        if panel.canManage {
            let letterErrors = errors.filter { ["letter", "deliveredOn", "method", "deliveredBy"].contains($0.field) }
            let form = FormBuilder(context, errors: letterErrors)
            let letters = DepartureLetter.allCases.filter { $0 == .reminder || panel.hasNewEmployer }
            children.append(
                form.form(
                    action: .departures(.letters(id)), submit: context.t("登记送达", "Record the delivery"),
                    [
                        form.select(
                            "letter", context.t("文书", "Letter"),
                            options: letters.map { ($0.rawValue, context.t($0.title)) }, required: true),
                        form.text("deliveredOn", context.t("送达日期", "Delivered on"), required: true, type: "date"),
                        form.select(
                            "method", context.t("送达方式", "How"),
                            options: LetterDelivery.allCases.map { ($0.rawValue, context.t($0.title)) },
                            required: true),
                        form.text("deliveredBy", context.t("送达人", "Delivered by"), required: true),
                    ], id: "letter-form", primary: false))
        }
        return H.el("section", [("class", "card"), ("id", "departure")], children)
    }

    /// The 脱密期 (A7) or 竞业限制 (T11) list.
    static func bound(
        _ context: PageContext, period: DepartureRepository.BoundPeriod, people: [DepartureRepository.Bound]
    ) -> HTML {
        let separation = period == .separation
        let rows: [[BodyNode]] = people.map {
            [
                H.link(.person($0.personID), $0.name), .text($0.employeeNumber), .text($0.departmentName),
                .text($0.departedOn ?? ""), .text($0.until),
            ]
        }
        return Layout.page(
            context,
            title: separation
                ? context.t("脱密期人员（A7）", "In separation period (A7)")
                : context.t("竞业限制人员（T11）", "Under non-compete (T11)"),
            [
                H.el(
                    "p", [("class", "toolbar")],
                    [
                        H.link(
                            .departures(separation ? .separationExport : .nonCompeteExport),
                            context.t("导出 CSV", "Export CSV"), classes: "button"),
                        .text(" "),
                        H.link(
                            .departures(separation ? .nonCompete : .separation),
                            separation
                                ? context.t("竞业限制人员", "Non-compete list") : context.t("脱密期人员", "Separation list"),
                            classes: "button"),
                    ]),
                H.table(
                    [
                        context.t("姓名", "Name"), context.t("工号", "No."), context.t("原部门", "Department"),
                        context.t("离岗日期", "Left on"),
                        separation ? context.t("脱密期至", "Separation until") : context.t("竞业限制至", "Non-compete until"),
                    ], rows, empty: context.t("没有人员。", "Nobody.")),
            ])
    }

    static let boundHeaders = ["序号", "姓名", "工号", "原部门", "离岗日期", "期限至"]

    static func boundRows(_ people: [DepartureRepository.Bound]) -> [[String]] {
        people.enumerated().map { index, person in
            [
                String(index + 1), person.name, person.employeeNumber, person.departmentName, person.departedOn ?? "",
                person.until,
            ]
        }
    }

    static func policy(
        _ context: PageContext, values: [String: String], errors: [FieldError], canChange: Bool
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let fields: [BodyNode] = [
            form.text("coreYears", context.t("核心涉密人员脱密期（年，3–5）", "Core (years, 3–5)"), required: true, type: "number"),
            form.text(
                "importantYears", context.t("重要涉密人员脱密期（年，2–3）", "Important (years, 2–3)"), required: true,
                type: "number"),
            form.text(
                "generalYears", context.t("一般涉密人员脱密期（年，1–2）", "General (years, 1–2)"), required: true, type: "number"),
            form.text(
                "nonCompeteYears", context.t("关键人员竞业限制期（年，1–3）", "Non-compete of key staff (years, 1–3)"),
                required: true, type: "number"),
        ]
        return Layout.page(
            context, title: context.t("脱密期与竞业限制期限", "Separation and non-compete periods"),
            [
                H.el(
                    "div", [("class", "card")],
                    canChange
                        ? [
                            form.form(
                                action: .departures(.policy), submit: context.t("保存", "Save"), fields,
                                id: "policy-form")
                        ]
                        : [
                            H.el(
                                "p", [],
                                text: "\(values["coreYears"] ?? "") / \(values["importantYears"] ?? "") / "
                                    + "\(values["generalYears"] ?? "") · \(values["nonCompeteYears"] ?? "")")
                        ])
            ])
    }
}
