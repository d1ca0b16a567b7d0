import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// Forms that start a request: copying, retention and reclassification of a carrier, and a destruction batch.
enum NewRequestPages {
    /// What the request is about, as the form heads it (principle 15).
    struct Subject {
        let kind: RequestKind
        let carrierID: UUID
        let copyID: UUID?
        /// The carrier's number, with the copy's serial when the request is about one copy.
        let heading: String
        let carrierTitle: String
        let level: LevelDefinition?
    }

    static func form(
        _ context: PageContext, subject: Subject, people: [FormChoice], cleared: [FormChoice],
        cabinets: [PlaceChoice], catalogue: LevelCatalogue, values: [String: String], errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        var fields: [BodyNode] = [
            H.void("input", [("type", "hidden"), ("name", "kind"), ("value", subject.kind.rawValue)]),
            H.void("input", [("type", "hidden"), ("name", "carrierID"), ("value", subject.carrierID.uuidString)]),
        ]
        if let copyID = subject.copyID {
            fields.append(H.void("input", [("type", "hidden"), ("name", "copyID"), ("value", copyID.uuidString)]))
        }
        fields += RequestPayloadViews.fields(
            subject.kind,
            RequestFormChoices(
                context: context, form: form, level: subject.level, catalogue: catalogue, people: people,
                cleared: cleared, cabinets: cabinets))
        fields.append(
            form.text(
                "reason", subject.kind.isLoan ? context.t("用途", "Purpose") : context.t("事由", "Reason"), required: true))
        return Layout.page(
            context, title: context.t(subject.kind.title) + " · " + subject.heading,
            [
                H.el("p", [], text: subject.carrierTitle),
                H.el(
                    "div", [("class", "card")],
                    [form.form(action: .requestNew, submit: context.t("提交申请", "Submit"), fields, id: "request-form")]),
            ])
    }

    static func destruction(
        _ context: PageContext, copies: [CarrierLedgerQuery.CopyRow], catalogue: LevelCatalogue,
        values: [String: String], selected: Set<String>,
        errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let rows: [[BodyNode]] = copies.map { row in
            let id = row.copyID.uuidString
            return [
                H.void(
                    "input",
                    [
                        ("type", "checkbox"), ("name", "copyIDs[]"), ("value", id), ("id", "c-\(id)"),
                        (
                            "aria-label",
                            "\(row.number) "
                                + CarrierPresentation.serial(row.serial, of: row.copyCount, context: context)
                        ),
                    ] + (selected.contains(id) ? [("checked", "checked")] : [])),
                .text(row.number), H.el("span", [("class", "wrap")], text: row.title),
                .text(CarrierPresentation.serial(row.serial, of: row.copyCount, context: context)),
                CarrierPresentation.levelBadge(row.level, catalogue: catalogue, context: context),
                .text(LedgerPages.whereabouts(row)),
            ]
        }
        let copyErrors = errors.filter { $0.field == "copyIDs" }.map {
            H.el(
                "div", [("class", "field-error"), ("id", "e-copyIDs")],
                text: context.t($0.message) + ($0.rule.map { " (\($0))" } ?? ""))
        }
        let fields: [BodyNode] =
            [
                H.void("input", [("type", "hidden"), ("name", "kind"), ("value", "destroy")]),
                H.el("h2", [], text: context.t("选择在库或已解密的载体份", "Choose stored or declassified copies")),
            ] + copyErrors + [
                H.table(
                    [
                        "", context.t("载体编号", "No."), context.t("名称", "Title"), context.t("份号", "Copy"),
                        context.t("密级", "Level"), context.t("存放位置", "Place"),
                    ], rows,
                    empty: context.t("没有在库的载体份。", "No stored copies.")),
                form.select(
                    "method", context.t("销毁方式 (C8)", "Method (C8)"),
                    options: [
                        (value: "facility", label: context.t("送指定销毁机构（专人专车押运）", "Escorted to the designated facility")),
                        (value: "inHouse", label: context.t("本单位使用经检测的销毁设备", "In house with certified equipment")),
                    ], required: true, includeEmpty: false),
                form.text("destructionPlace", context.t("销毁地点", "Where")),
                form.text("transport1", context.t("押运人一", "Escort 1")),
                form.text("transport2", context.t("押运人二", "Escort 2")),
                form.text("vehicle", context.t("车辆", "Vehicle")),
                form.text("equipment", context.t("销毁设备（自行销毁时）", "Equipment (in house)")),
                form.text("reason", context.t("事由", "Reason"), required: true),
            ]
        return Layout.page(
            context, title: context.t("新建销毁批次", "New destruction batch"),
            [
                H.el(
                    "p", [("class", "muted")],
                    text: context.t(
                        "借出、外带或传递中的载体不能列入销毁批次；批次批准后载体才列为待销毁，再由至少两名监销人分别用本人账号确认 (C8)。",
                        "Copies on loan, carried out or in transit cannot join; once the batch is approved its copies are pending destruction, and at least two supervisors confirm, each with their own account (C8)."
                    )),
                H.el(
                    "div", [("class", "card")],
                    [
                        form.form(
                            action: .destructionNew, submit: context.t("提交销毁批次", "Submit the batch"), fields,
                            id: "destruction-form")
                    ]),
            ])
    }
}
