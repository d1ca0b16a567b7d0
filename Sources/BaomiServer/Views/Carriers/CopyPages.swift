import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot
import QRCode

/// A copy's record: where it is now, what may happen next, its whole history (DESIGN principle 3), and its label.
enum CopyPages {
    /// What the step forms offer: places, departments, the people cleared to carry or read the copy (C3, C4), and
    /// the loan a returning copy waits on (C4).
    struct Choices {
        var places: [StoragePlaceModel]
        var departments: [OrgUnitModel]
        var clearedPeople: [PersonModel]
        var returningLoan: UUID?
    }

    static func detail(
        _ context: PageContext, copy: CopyModel, history: [CopyEventModel], choices: Choices,
        catalogue: LevelCatalogue, errors: [FieldError] = [], values: [String: String] = [:]
    ) -> HTML {
        let carrier = copy.carrier
        let places = choices.places
        let level = catalogue.definition(LevelID(rawValue: carrier.level))
        let serial = CarrierPresentation.serial(copy.serial, of: carrier.copyCount, context: context)
        let whereNow =
            copy.place?.name ?? copy.holder?.name
            ?? (copy.state == CopyState.returning.rawValue
                ? context.t("已交还，待保管人清点入库", "Handed back, waiting for the custodian's check-in")
                : copy.counterpart.isEmpty ? "—" : copy.counterpart)
        var sections: [BodyNode] = [
            H.el(
                "div", [("class", "marking-header")],
                [
                    CarrierPresentation.levelBadge(
                        carrier.level, catalogue: catalogue, context: context,
                        period: CarrierPresentation.period(carrier.period)),
                    H.el("strong", [], text: "\(carrier.number) · \(serial)"),
                    copy.$copyOf.id == nil
                        ? .empty : H.badge(context.t("复制件 (C5.3)", "Copy made by copying (C5.3)"), kind: "info"),
                    H.link(.copyLabel(copy.id ?? UUID()), context.t("打印标签", "Print label"), classes: "button"),
                ] + requestLinks(context, copy: copy)
                    + (choices.returningLoan.map {
                        [H.link(.request($0), context.t("借用申请（清点入库）", "The loan (check-in)"), classes: "button")]
                    } ?? [])),
            H.el(
                "section", [("class", "card")],
                [
                    H.el("h2", [], text: context.t("现在在哪里", "Where it is now")),
                    H.el(
                        "dl", [("class", "facts")],
                        [
                            H.el("dt", [], text: context.t("状态", "State")),
                            H.el(
                                "dd", [("id", "copy-state")], [CarrierPresentation.state(copy.state, context: context)]),
                            H.el("dt", [], text: context.t("持有人或存放位置", "Holder or place")),
                            H.el("dd", [("id", "copy-where")], text: whereNow),
                            H.el("dt", [], text: context.t("载体", "Carrier")),
                            H.el("dd", [], [H.link(.carrier(carrier.id ?? UUID()), carrier.title)]),
                            H.el("dt", [], text: context.t("最后变动", "Last change")),
                            H.el("dd", [], text: context.dateTime(copy.lastChangedAt)),
                        ]),
                ]),
        ]
        if context.can(.manageCarriers), let level, let state = CopyState(rawValue: copy.state) {
            let possible = CopyAction.allCases.filter { CopyStepRepository.directActions.contains($0) }
                .filter { if case .success = CopyLifecycle.next(from: state, $0) { true } else { false } }
            // Only places that may keep it (C6): never an office or a reading room, which are places of use.
            let suitablePlaces = places.filter { place in
                guard let placeLevel = catalogue.definition(LevelID(rawValue: place.maxLevel)),
                    let kind = StorageClass(rawValue: place.kind)
                else { return false }
                if state == .declassified { return kind.isForKeeping }
                return CarrierRules.checkPlace(
                    copyLevel: level, placeLevel: placeLevel, placeKind: kind, placeName: place.name
                ).isAllowed
            }
            var forms = possible.map {
                stepForm(
                    $0, context: context, copyID: copy.id ?? UUID(), level: level, places: suitablePlaces,
                    departments: choices.departments, people: choices.clearedPeople, errors: errors, values: values)
            }
            if state == .stored {
                forms.append(
                    readingForm(
                        context, copyID: copy.id ?? UUID(), level: level, places: places, catalogue: catalogue,
                        people: choices.clearedPeople, errors: errors, values: values))
            }
            if !forms.isEmpty {
                sections.append(
                    H.el(
                        "section", [],
                        [
                            H.el("h2", [], text: context.t("可办理的操作", "What can happen next")),
                            H.el("div", [("class", "step-forms")], forms),
                        ]))
            }
        }
        let items = history.reversed().map { event in
            let action = CopyPages.eventTitle(event.action, context: context)
            var text = "\(action) — \(event.actorName)"
            if let place = event.place?.name { text += context.t("，存放于 \(place)", ", at \(place)") }
            if let person = event.person?.name { text += context.t("，持有人 \(person)", ", held by \(person)") }
            if !event.counterpart.isEmpty {
                text += context.t("，对方：\(event.counterpart)", ", counterpart: \(event.counterpart)")
            }
            let details = AuditPresentation.details(
                (try? JSONDecoder().decode([String: String].self, from: Data(event.details.utf8))) ?? [:],
                context: context, levels: catalogue)
            return H.el(
                "li", [],
                [
                    H.el("span", [("class", "when")], text: context.dateTime(event.at)), .text(text),
                    details.isEmpty ? .empty : H.el("div", [("class", "details")], text: details),
                ])
        }
        sections.append(
            H.el(
                "section", [("class", "card")],
                [
                    H.el("h2", [], text: context.t("全部经历", "Full history")),
                    H.el("ol", [("class", "timeline"), ("id", "copy-history")], items),
                ]))
        return Layout.page(context, title: "\(carrier.title) · \(serial)", sections)
    }

    /// The title of a history entry: a lifecycle step, or how the copy came to be.
    static func eventTitle(_ action: String, context: PageContext) -> String {
        if let step = CopyAction(rawValue: action) { return context.t(step.title) }
        switch action {
        case "make": return context.t("制作登记", "Made and registered")
        case "receive": return context.t("收文登记", "Received and registered")
        case "reproduce": return context.t("复制产生 (C5.3)", "Made by copying (C5.3)")
        default: return action
        }
    }

    /// Copying and personal retention go through requests (C5, C10); only for a live, stored copy.
    private static func requestLinks(_ context: PageContext, copy: CopyModel) -> [BodyNode] {
        guard copy.state == CopyState.stored.rawValue, let id = copy.id, let carrier = copy.carrier.id else {
            return []
        }
        let query = "carrier=\(carrier.uuidString)&copy=\(id.uuidString)"
        // Borrowing and carrying out (A6, C4) for anyone the access decision let see this page.
        let loans: [BodyNode] =
            context.can(.borrowCarriers)
            ? [
                H.link(.requestNew, query: "?kind=borrow&" + query, context.t("申请借阅", "Borrow"), classes: "button"),
                H.link(
                    .requestNew, query: "?kind=carryOut&" + query, context.t("申请外带", "Take out of the office"),
                    classes: "button"),
            ] : []
        guard context.can(.manageCarriers) else { return loans }
        return loans + [
            H.link(
                .requestNew, query: "?kind=reproduce&" + query, context.t("申请复制", "Request copies"), classes: "button"),
            H.link(
                .requestNew, query: "?kind=retain&" + query, context.t("申请个人留存", "Request personal retention"),
                classes: "button"),
        ]
    }

    /// A reading in place (C4, L1.2): who read the stored copy and where, among places cleared for its level.
    private static func readingForm(
        _ context: PageContext, copyID: UUID, level: LevelDefinition, places: [StoragePlaceModel],
        catalogue: LevelCatalogue, people: [PersonModel], errors: [FieldError], values: [String: String]
    ) -> BodyNode {
        let mine = values["action"] == "readInPlace"
        let form = FormBuilder(context, values: mine ? values : [:], errors: mine ? errors : [])
        let cleared = places.filter { place in
            catalogue.definition(LevelID(rawValue: place.maxLevel)).map { BorrowingRules.placeClears($0, for: level) }
                ?? false
        }
        return H.el(
            "div", [("class", "card")],
            [
                H.el("h3", [], text: context.t("登记现场阅读", "Record a reading in place")),
                H.el(
                    "form",
                    [
                        ("method", "post"), ("action", SiteRoute.copyReadings(copyID).path), ("class", "form"),
                        ("id", "reading-form"),
                    ],
                    [
                        form.csrf(),
                        H.void("input", [("type", "hidden"), ("name", "action"), ("value", "readInPlace")]),
                        form.select(
                            "personID", context.t("阅读人（须在知悉范围内, A3）", "Reader (within the scope, A3)"),
                            options: people.map { (value: $0.id?.uuidString ?? "", label: personLabel($0)) },
                            required: true),
                        form.select(
                            "placeID",
                            context.t("阅读地点（已按密级筛选, L1.2）", "Place of reading (cleared for the level, L1.2)"),
                            options: cleared.map { (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.code)）") },
                            required: true),
                        H.el(
                            "div", [("class", "actions")],
                            [
                                H.el(
                                    "button", [("type", "submit"), ("class", "primary")],
                                    text: context.t("登记现场阅读", "Record the reading"))
                            ]),
                    ]),
            ])
    }

    static func personLabel(_ person: PersonModel) -> String {
        person.$department.value.map { "\(person.name)（\($0.name)）" } ?? person.name
    }

    private static func stepForm(
        _ action: CopyAction, context: PageContext, copyID: UUID, level: LevelDefinition, places: [StoragePlaceModel],
        departments: [OrgUnitModel], people: [PersonModel], errors: [FieldError], values: [String: String]
    ) -> BodyNode {
        let form = FormBuilder(
            context, values: values["action"] == action.rawValue ? values : [:],
            errors: values["action"] == action.rawValue ? errors : [])
        var fields: [BodyNode] = [
            H.void("input", [("type", "hidden"), ("name", "action"), ("value", action.rawValue)])
        ]
        let placeOptions = places.map { (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.code)）") }
        switch action {
        case .place, .move, .confirmReceiptInternal, .returnFromRepair:
            fields.append(
                form.select(
                    "placeID", context.t("存放位置（已按密级筛选, C6）", "Storage place (filtered by level, C6)"),
                    options: placeOptions, required: true))
        case .send:
            fields += [
                form.select(
                    "departmentID",
                    context.t("接收部门（本单位内部传递，由其保密员签收）", "Receiving department (internal; its officer signs)"),
                    options: departments.map { (value: $0.id?.uuidString ?? "", label: $0.name) },
                    emptyLabel: context.t("— 外单位 —", "— outside unit —")),
                form.text(
                    "counterpart", context.t("接收单位或人员（外单位必填）", "Recipient (required for an outside unit)")),
                form.select(
                    "receiverQualification",
                    context.t("接收单位保密资格（外单位必填, C3）", "Receiver's secrecy qualification (outside unit, C3)"),
                    options: ReceiverQualification.allCases.map { (value: $0.rawValue, label: context.t($0.title)) }),
                form.text(
                    "receiverCertificate",
                    context.t("资格证书或保密协议编号（外单位必填）", "Certificate or agreement number (outside unit)")),
                form.select(
                    "channel", context.t("传递方式 (C3)", "Channel (C3)"),
                    options: level.channels.map { (value: $0.rawValue, label: context.t($0.title)) }, required: true),
                // From the register, cleared for the level (C3): never a name typed in.
                form.select(
                    "escort1", context.t("递送人一（已按密级筛选）", "Escort 1 (cleared for the level)"),
                    options: people.map { (value: $0.id?.uuidString ?? "", label: personLabel($0)) },
                    required: level.twoPersonTransmission),
                form.select(
                    "escort2", context.t("递送人二", "Escort 2"),
                    options: people.map { (value: $0.id?.uuidString ?? "", label: personLabel($0)) },
                    required: level.twoPersonTransmission),
                form.checkbox("sealed", context.t("已密封包装", "Sealed packaging")),
            ]
        case .confirmReceiptExternal:
            fields.append(form.text("note", context.t("回执编号或签收人", "Receipt reference or signatory"), required: true))
        case .sendToRepair:
            fields += [
                form.text("counterpart", context.t("维修单位或人员", "Repairer"), required: true),
                form.text("supervisor", context.t("现场监督人", "On-site supervisor"), required: true),
                form.checkbox("onSite", context.t("在本单位现场维修", "Repaired on site")),
                form.checkbox("storageRemoved", context.t("已拆除存储部件", "Storage removed")),
            ]
        case .reportLost:
            fields.append(form.text("note", context.t("丢失情况", "What happened"), required: true))
        default:
            break
        }
        if action != .reportLost && action != .confirmReceiptExternal {
            fields.append(form.text("note", context.t("备注", "Note")))
        }
        return H.el(
            "div", [("class", "card")],
            [
                H.el("h3", [], text: context.t(action.title)),
                H.el(
                    "form",
                    [
                        ("method", "post"), ("action", SiteRoute.copyStep(copyID).path), ("class", "form"),
                        ("id", "step-\(action.rawValue)"),
                    ]
                        + (action == .reportLost
                            ? [
                                (
                                    "data-confirm",
                                    context.t(
                                        "确认报告丢失？此操作将记入审计日志。",
                                        "Report this copy lost? This is recorded in the audit trail.")
                                )
                            ] : []),
                    [form.csrf()] + fields + [
                        H.el(
                            "div", [("class", "actions")],
                            [
                                H.el(
                                    "button",
                                    [("type", "submit"), ("class", action == .reportLost ? "secondary" : "primary")],
                                    text: context.t(action.title))
                            ])
                    ]),
            ])
    }

    /// The printable label (C1.2, T7): marking, number, copy n/N and a QR code carrying the same facts.
    static func label(_ context: PageContext, copy: CopyModel, catalogue: LevelCatalogue) -> HTML {
        let carrier = copy.carrier
        let marking =
            catalogue.definition(LevelID(rawValue: carrier.level))?.marking(
                for: CarrierPresentation.period(carrier.period)) ?? carrier.level
        let payload = "BAOMI:\(carrier.number):\(copy.serial)/\(carrier.copyCount)"
        let svg = (try? QRCode.encode(payload, correction: .quartile).svg(moduleSize: 4, quietZone: 2)) ?? ""
        return LedgerPages.printShell(
            context, title: context.t("载体标签", "Carrier label"),
            [
                H.el(
                    "div", [("class", "label-sheet"), ("id", "copy-label")],
                    [
                        H.el("div", [("class", "qr")], [.raw(svg)]),
                        H.el(
                            "div", [],
                            [
                                H.el("div", [("class", "marking")], text: marking),
                                H.el("div", [], text: "\(context.t("编号", "No.")) \(carrier.number)"),
                                H.el(
                                    "div", [],
                                    text: CarrierDraft.serialText(copy.serial, of: carrier.copyCount, language: .zh)
                                        + (copy.$copyOf.id == nil ? "" : "（复制件）")),
                                H.el("div", [], text: carrier.title),
                            ]),
                    ])
            ])
    }
}

extension LedgerPages {
    /// A page without navigation for printing (UI.md "Print view").
    static func printShell(_ context: PageContext, title: String, _ content: [BodyNode]) -> HTML {
        HTML(
            .attribute(named: "lang", value: context.language == .en ? "en" : "zh-CN"),
            .head(.meta(.charset(.utf8)), .title(title), .link(.rel(.stylesheet), .href(SiteRoute.stylesheet.path))),
            .body(.element(named: "div", nodes: [H.attr("class", "print-page")] + content))
        )
    }
}
