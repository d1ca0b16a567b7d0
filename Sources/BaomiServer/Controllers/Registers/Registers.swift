import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// The registers inspections ask for (LEDGERS.md), each one table that is shown as a page, printed and exported
/// as CSV from the same rows.
enum Register: String, CaseIterable, Sendable {
    case incoming
    case outgoing
    case reproduction
    case destruction
    case retention
    case borrowing

    var title: LocalizedText {
        switch self {
        case .incoming: LocalizedText(zh: "收文登记簿", en: "Incoming register")
        case .outgoing: LocalizedText(zh: "发文登记簿", en: "Outgoing register")
        case .reproduction: LocalizedText(zh: "复制登记簿", en: "Copy register")
        case .destruction: LocalizedText(zh: "销毁登记簿", en: "Destruction register")
        case .retention: LocalizedText(zh: "个人留存台账", en: "Personal retention ledger")
        case .borrowing: LocalizedText(zh: "借阅登记簿", en: "Borrowing register")
        }
    }

    /// Column headers in LEDGERS.md order.
    var headers: [LocalizedText] {
        let names: [(String, String)] =
            switch self {
            case .incoming:
                [
                    ("序号", "No."), ("收文日期", "Received"), ("来文单位", "From"), ("文号", "Document no."), ("标题", "Title"),
                    ("密级", "Level"),
                    ("份数", "Copies"), ("份号", "Serials"), ("签收人", "Signed by"), ("清点结果", "Count"),
                ]
            case .outgoing:
                [
                    ("序号", "No."), ("发文日期", "Sent"), ("文号", "Document no."), ("标题", "Title"), ("密级", "Level"),
                    ("份号", "Copy"),
                    ("接收单位或人", "Recipient"), ("传递方式", "Channel"), ("递送人", "Carried by"), ("签收情况", "Receipt"),
                    ("剩余份数", "Copies left"),
                ]
            case .reproduction:
                [
                    ("序号", "No."), ("原件编号", "Original"), ("密级", "Level"), ("复制份数", "Copies made"),
                    ("新份号", "New serials"),
                    ("复制日期", "Date"), ("申请人", "Requester"), ("批准人", "Approved by"),
                    ("原定密机关批准", "Originator's approval"),
                ]
            case .destruction:
                [
                    ("序号", "No."), ("载体编号", "Carrier no."), ("名称", "Title"), ("密级", "Level"), ("份号", "Copy"),
                    ("数量", "Quantity"),
                    ("销毁方式", "Method"), ("销毁地点", "Place"), ("销毁日期", "Date"), ("批准人", "Approved by"), ("押运人", "Escorts"),
                    ("监销人", "Supervisors"),
                ]
            case .retention:
                [
                    ("序号", "No."), ("姓名", "Name"), ("载体编号", "Carrier no."), ("名称", "Title"), ("密级", "Level"),
                    ("留存原因", "Reason"),
                    ("批准人", "Approved by"), ("留存期限", "Until"),
                ]
            case .borrowing:
                [
                    ("序号", "No."), ("载体编号", "Carrier no."), ("份号", "Copy"), ("密级", "Level"), ("借阅人", "Borrower"),
                    ("部门", "Department"), ("用途", "Purpose"), ("使用地点", "Place of use"), ("借出日期", "Out"),
                    ("应还日期", "Due"), ("归还日期", "Returned"), ("批准人", "Approved by"),
                ]
            }
        return names.map { LocalizedText(zh: $0.0, en: $0.1) }
    }
}

/// Builds a register's rows from the records the lifecycle and the approval engine keep. Which rows a viewer gets is
/// decided on the carrier as it is now (A2, principle 11: a carrier raised above their clearance leaves their
/// registers); what a row shows of it — title, level, copy n/N, holder, place — is what the event recorded then
/// (principle 12: a copy destroyed as 绝密 stays 绝密 in the 销毁登记簿 after its carrier became 机密).
struct RegisterBuilder {
    let request: Request
    let context: PageContext
    let catalogue: LevelCatalogue
    /// nil: all departments; otherwise only these carriers' (T5.2).
    let departments: Set<UUID>?
    /// Rows about carriers above the viewer's clearance are left out, like everywhere else (A2).
    let clearance: CarrierLedgerQuery.Viewer

    /// The level a record kept: its name then (Chinese, as printed); in English the catalogue's name for it.
    func level(_ snapshot: CopySnapshot) -> String {
        CarrierPresentation.levelName(snapshot, catalogue: catalogue, context: context)
    }

    func serial(_ serial: Int, _ snapshot: CopySnapshot) -> String {
        CarrierDraft.serialText(serial, of: snapshot.copyTotal, language: context.language)
    }

    func day(_ date: Date?) -> String {
        date.map { String(DisplayTime.format($0).prefix(10)) } ?? ""
    }

    func allowed(_ carrier: CarrierModel) -> Bool {
        clearance.clears(carrier) && (departments.map { $0.contains(carrier.$department.id) } ?? true)
    }

    /// The events of `actions` a request's copies went through under its number (a request's steps record its number
    /// as their counterpart), found through the copies' history index: request number → copy id → event.
    func events(_ actions: [String], of copyIDs: [UUID]) async throws -> [String: [UUID: CopyEventModel]] {
        guard !copyIDs.isEmpty else { return [:] }
        var found: [String: [UUID: CopyEventModel]] = [:]
        for event in try await CopyEventModel.query(on: request.db).filter(\.$copy.$id ~~ copyIDs)
            .filter(\.$action ~~ actions).with(\.$copy).sort(\.$at).all()
        {
            found[event.counterpart, default: [:]][event.$copy.id] = event
        }
        return found
    }

    func rows(_ register: Register) async throws -> [[String]] {
        let database = request.db
        switch register {
        case .borrowing:
            return try await borrowingRows()
        case .incoming:
            let carriers = try await CarrierModel.query(on: database).filter(
                \.$source == CarrierSource.received.rawValue
            )
            .sort(\.$createdAt, .descending).limit(2000).all().filter(allowed)
            // The carrier as it was received: its copies' `receive` events.
            let received = try await CopyEventModel.query(on: database).filter(\.$action == "receive")
                .join(CopyModel.self, on: \CopyEventModel.$copy.$id == \CopyModel.$id)
                .filter(CopyModel.self, \.$carrier.$id ~~ carriers.compactMap(\.id)).with(\.$copy).all()
            let receipts = Dictionary(grouping: received) { $0.copy.$carrier.id }
            return carriers.enumerated().map { index, carrier in
                let events = receipts[carrier.id ?? UUID()] ?? []
                let was = events.min { $0.copy.serial < $1.copy.serial }?.snapshot ?? asNow(carrier)
                let count = events.isEmpty ? carrier.copyCount : events.count
                return [
                    String(index + 1), day(carrier.createdAt), carrier.originatingAuthority, carrier.documentNumber,
                    was.carrierTitle, level(was),
                    String(count), "1–\(count)", carrier.registeredBy,
                    carrier.notes.hasPrefix("清点不符")
                        ? String(carrier.notes.prefix { $0 != "。" }) : context.t("相符", "Matches"),
                ]
            }
        case .outgoing:
            let events = try await CopyEventModel.query(on: database).filter(\.$action == CopyAction.send.rawValue)
                .with(\.$copy) { $0.with(\.$carrier) }.sort(\.$at, .descending).limit(2000).all().filter {
                    allowed($0.copy.carrier)
                }
            let copyIDs = events.map { $0.$copy.id }
            let receipts = try await CopyEventModel.query(on: database).filter(\.$copy.$id ~~ copyIDs)
                .filter(
                    \.$action ~~ [
                        CopyAction.confirmReceiptInternal.rawValue, CopyAction.confirmReceiptExternal.rawValue,
                    ]
                ).all()
            var live: [UUID: Int] = [:]
            for carrierID in Set(events.map { $0.copy.$carrier.id }) {
                live[carrierID] = try await CopyModel.query(on: database).filter(\.$carrier.$id == carrierID)
                    .filter(\.$state ~~ CopyState.allCases.filter(\.isLive).map(\.rawValue)).count()
            }
            return events.enumerated().map { index, event in
                let details = (try? JSONDecoder().decode([String: String].self, from: Data(event.details.utf8))) ?? [:]
                let receipt = receipts.first { $0.$copy.id == event.$copy.id && $0.at >= event.at }
                let carrier = event.copy.carrier
                let was = event.snapshot
                return [
                    String(index + 1), day(event.at), carrier.documentNumber, was.carrierTitle, level(was),
                    serial(event.copy.serial, was), event.counterpart,
                    details["channel"].flatMap(TransmissionChannel.init(rawValue:)).map { context.t($0.title) } ?? "",
                    details["escorts"] ?? "",
                    receipt.map { context.t("已签收 ", "Received ") + day($0.at) } ?? context.t("未签收", "Not yet"),
                    String(live[carrier.id ?? UUID()] ?? 0),
                ]
            }
        case .reproduction, .destruction, .retention:
            let kind: RequestKind =
                register == .reproduction ? .reproduce : register == .destruction ? .destroy : .retain
            let requests = try await request.baomi.requests.list(kind: kind, openOnly: false, on: database)
                .filter { $0.state == RequestState.done.rawValue }
                .filter { $0.items.contains { allowed($0.copy.carrier) } }
            let confirmations = try await DestructionConfirmationModel.query(on: database)
                .filter(\.$request.$id ~~ requests.compactMap(\.id)).sort(\.$confirmedAt).all()
            let itemCopies = requests.flatMap { $0.items.map { $0.$copy.id } }
            // What each request did to its copies, as the copies' events recorded it at the time.
            let done: [String: [UUID: CopyEventModel]]
            switch register {
            case .reproduction:
                let made = try await CopyModel.query(on: database).filter(\.$copyOf.$id ~~ itemCopies).all()
                done = try await events(["reproduce"], of: made.compactMap(\.id))
            case .destruction: done = try await events([CopyAction.confirmDestroyed.rawValue], of: itemCopies)
            default: done = try await events([CopyAction.move.rawValue], of: itemCopies)
            }
            var rows: [[String]] = []
            for request in requests {
                let json = Data(request.payload.utf8)
                let approvers = request.steps.sorted { $0.position < $1.position }.filter { $0.decision == "approve" }
                let approvedBy = request.approvers(in: context.language).joined(separator: "、")
                let events = done[request.number] ?? [:]
                switch register {
                case .reproduction:
                    guard let item = request.items.first else { continue }
                    // The original as it was copied: the new copies' events recorded it.
                    let was = events.values.first?.snapshot ?? item.snapshot
                    let serials = events.values.map(\.copy.serial).sorted()
                    let originator =
                        approvers.first.flatMap { step in
                            step.approvalSpec.flatMap {
                                spec -> String? in
                                if case .recorded = spec.approver { return step.comment } else { return nil }
                            }
                        } ?? "—"
                    rows.append([
                        String(rows.count + 1), "\(was.carrierNumber)/\(item.copy.serial)",
                        level(was), String(Reproduce.decodePayload(json)?.count ?? serials.count),
                        serials.map(String.init).joined(separator: "、"), day(request.closedAt), request.requesterName,
                        approvedBy, originator,
                    ])
                case .destruction:
                    let payload = Destroy.decodePayload(json) ?? Destroy.Payload()
                    let supervisors = confirmations.filter { $0.$request.id == request.id }.map(\.name).joined(
                        separator: "、")
                    for item in request.items {
                        // Destroyed as it was then: the copy's own destruction event.
                        let was = events[item.$copy.id]?.snapshot ?? item.snapshot
                        rows.append([
                            String(rows.count + 1), was.carrierNumber, was.carrierTitle, level(was),
                            serial(item.copy.serial, was), "1",
                            payload.method == Destroy.Method.facility.rawValue
                                ? context.t("送销", "Facility") : context.t("自行销毁", "In house"),
                            payload.destructionPlace ?? "", day(request.closedAt), approvedBy,
                            (payload.transportPeople ?? []).joined(separator: "、"),
                            supervisors,
                        ])
                    }
                default:
                    guard let item = request.items.first else { continue }
                    // The retainer as the copy's hand-over recorded them (C10).
                    let payload = Retain.decodePayload(json) ?? Retain.Payload()
                    let moved = events[item.$copy.id]
                    let was = moved?.snapshot ?? item.snapshot
                    var person = moved?.holderName ?? ""
                    if person.isEmpty, let retainer = payload.retainerID {
                        person = try await PersonModel.find(retainer, on: database)?.name ?? ""
                    }
                    rows.append([
                        String(rows.count + 1), person, was.carrierNumber, was.carrierTitle, level(was), request.reason,
                        approvedBy, payload.until ?? "",
                    ])
                }
            }
            return rows
        }
    }

    /// 借阅登记簿 (LEDGERS.md): every copy handed over, when it is due and when it came back; overdue ones say so
    /// in the return column (L1.9). Level, borrower's department and place of use as they were when it was lent.
    func borrowingRows() async throws -> [[String]] {
        let today = ClearanceRepository.today(request.baomi.clock())
        let loans = try await request.baomi.requests.loans(on: request.db).filter {
            $0.issuedAt != nil
                && (allowed($0.copy.carrier)
                    || (clearance.clears($0.copy.carrier) && departments?.contains($0.copy.departmentID) == true))
        }.sorted { ($0.issuedAt ?? .distantPast) > ($1.issuedAt ?? .distantPast) }
        let handedOver = try await events(
            [CopyAction.lend.rawValue, CopyAction.carryOut.rawValue], of: loans.map { $0.$copy.id })
        let items = try await RequestItemModel.query(on: request.db)
            .filter(\.$request.$id ~~ loans.map { $0.$request.id }).all()
        let asRequested = Dictionary(
            items.map { ($0.$request.id, $0.snapshot) }, uniquingKeysWith: { first, _ in first })
        return loans.enumerated().map { index, loan in
            let carrier = loan.copy.carrier
            let was =
                handedOver[loan.request.number]?[loan.$copy.id]?.snapshot ?? asRequested[loan.$request.id]
                ?? asNow(carrier)
            let approvedBy = loan.request.approvers(in: context.language).joined(separator: "、")
            let kind = RequestKind(rawValue: loan.kind) == .carryOut ? context.t("外带：", "Taken out: ") : ""
            let returned =
                loan.returnedAt.map {
                    day($0) + (loan.forced ? context.t("（强制收回）", " (taken back)") : "")
                        + (loan.checkedInAt == nil ? context.t("（待清点入库）", " (not yet checked in)") : "")
                }
                ?? (loan.isOverdue(today: today)
                    ? context.t("逾期未还", "Overdue") : context.t("未还", "Out"))
            return [
                String(index + 1), was.carrierNumber, serial(loan.copy.serial, was), level(was), loan.borrowerName,
                loan.borrowerDepartmentName, kind + loan.request.reason,
                loan.usePlaceName.isEmpty ? loan.destination : loan.usePlaceName, day(loan.issuedAt),
                loan.returnDate,
                returned, approvedBy,
            ]
        }
    }

    /// A carrier as it is now, for a row whose event is missing from the records.
    func asNow(_ carrier: CarrierModel) -> CopySnapshot {
        CopySnapshot(
            carrierNumber: carrier.number, carrierTitle: carrier.title, level: carrier.level,
            levelName: carrier.levelName, marking: carrier.marking, copyTotal: carrier.copyCount, holderName: "",
            placeName: "", departmentName: "")
    }
}
