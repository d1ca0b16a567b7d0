import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// Forms that start a request: copying, retention and reclassification of a carrier, and a destruction batch.
enum NewRequestPages {
    struct Subject {
        let kind: RequestKind
        let carrier: CarrierModel
        let copy: CopyModel?
    }

    static func form(
        _ context: PageContext, subject: Subject, people: [PersonModel], cleared: [PersonModel],
        cabinets: [StoragePlaceModel], catalogue: LevelCatalogue, values: [String: String], errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        var fields: [BodyNode] = [
            H.void("input", [("type", "hidden"), ("name", "kind"), ("value", subject.kind.rawValue)]),
            H.void(
                "input", [("type", "hidden"), ("name", "carrierID"), ("value", subject.carrier.id?.uuidString ?? "")]),
        ]
        if let copy = subject.copy {
            fields.append(
                H.void("input", [("type", "hidden"), ("name", "copyID"), ("value", copy.id?.uuidString ?? "")]))
        }
        let level = catalogue.definition(LevelID(rawValue: subject.carrier.level))
        switch subject.kind {
        case .reproduce:
            fields.append(form.text("count", context.t("复制份数", "Copies to make"), required: true, type: "number"))
            if level?.copyNeedsOriginatorApproval == true {
                fields.append(
                    H.el(
                        "p", [("class", "alert alert-warn")],
                        text: context.t(
                            "绝密级载体复制须先取得原定密机关书面批准，由保密办登记后再报主管领导 (C5.1)。",
                            "Copying a 绝密 carrier needs the originating authority's written approval, recorded by the security office, then the leader (C5.1)."
                        )))
            }
        case .retain:
            fields += [
                form.select(
                    "retainerID", context.t("留存人", "Kept by"),
                    options: people.map {
                        (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.department.name)）")
                    }, required: true),
                form.select(
                    "placeID", context.t("个人密码柜", "Personal cabinet"),
                    options: cabinets.map { (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.code)）") },
                    required: true),
                form.text("until", context.t("留存期限", "Kept until"), required: true, type: "date"),
            ]
        case .reclassify:
            fields += [
                form.select(
                    "change", context.t("变更类型 (C9)", "Change (C9)"),
                    options: [
                        (value: "declassify", label: context.t("解密", "Declassify")),
                        (value: "changeLevel", label: context.t("变更密级", "Change level")),
                        (value: "extend", label: context.t("延长保密期限", "Extend the period")),
                    ], required: true, includeEmpty: false),
                form.select(
                    "newLevel", context.t("新密级（变更密级时）", "New level (when changing)"),
                    options: catalogue.levels(of: level?.regime ?? .state).map {
                        (value: $0.id.rawValue, label: context.t($0.name))
                    }),
                form.text("newPeriod", context.t("新保密期限（变更或延长时）", "New period (when changing or extending)")),
            ]
        case .borrow:
            // Only places cleared for the level are offered (L1.2); a leader's office is one of them (L2).
            let usable = cabinets.filter { place in
                guard let level, let placeLevel = catalogue.definition(LevelID(rawValue: place.maxLevel)) else {
                    return false
                }
                return BorrowingRules.placeClears(placeLevel, for: level)
            }
            fields += [
                form.select(
                    "placeID", context.t("使用地点（已按密级筛选, L1.2）", "Place of use (cleared for the level, L1.2)"),
                    options: usable.map { (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.code)）") },
                    required: true),
                form.text("returnDate", context.t("应还日期 (L1.9)", "Due back (L1.9)"), required: true, type: "date"),
            ]
        case .carryOut:
            // The destination is structured: abroad follows from the country, never from a tick box (L1.7). The
            // people who carry it come from the register, cleared for the level (C4, L3).
            let people = cleared.map { (value: $0.id?.uuidString ?? "", label: CopyPages.personLabel($0)) }
            fields += [
                form.select(
                    "purposeKind", context.t("外带事由 (L1.6, L3)", "Why it leaves (L1.6, L3)"),
                    options: [CarryOutPurpose.work, .hospitalDelivery].map {
                        (value: $0.rawValue, label: context.t($0.title))
                    }, required: true, includeEmpty: false),
                form.select(
                    "destinationCountry", context.t("去向所在国家或地区 (L1.7)", "Country or region (L1.7)"),
                    options: Geography.countries.map {
                        (value: $0.code, label: context.t(LocalizedText(zh: $0.zh, en: $0.en)))
                    },
                    required: true, includeEmpty: false),
                form.select(
                    "destinationProvince", context.t("省、自治区、直辖市（境内）", "Province (mainland)"),
                    options: Geography.provinces.map {
                        (value: $0.code, label: context.t(LocalizedText(zh: $0.zh, en: $0.en)))
                    }),
                form.text("destination", context.t("去向（单位或地点）", "Destination (unit or place)"), required: true),
                form.select(
                    "escort1", context.t("携带人一（已按密级筛选）", "Carried by (1), cleared for the level"), options: people,
                    required: level?.twoPersonTransmission == true),
                form.select(
                    "escort2", context.t("携带人二", "Carried by (2)"), options: people,
                    required: level?.twoPersonTransmission == true),
                form.select(
                    "courierID", context.t("专人送达（送医院阅办时, L3）", "Designated courier (hospital delivery, L3)"),
                    options: people),
                form.text("returnDate", context.t("带回日期", "Back on"), required: true, type: "date"),
            ]
        case .destroy:
            break
        }
        fields.append(
            form.text(
                "reason", subject.kind.isLoan ? context.t("用途", "Purpose") : context.t("事由", "Reason"), required: true))
        let what =
            subject.copy.map {
                "\(subject.carrier.number) "
                    + CarrierPresentation.serial($0.serial, of: subject.carrier.copyCount, context: context)
            }
            ?? subject.carrier.number
        return Layout.page(
            context, title: context.t(subject.kind.title) + " · " + what,
            [
                H.el("p", [], text: subject.carrier.title),
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
