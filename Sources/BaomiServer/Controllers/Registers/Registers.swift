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

/// Builds a register's rows from the records the lifecycle and the approval engine keep.
struct RegisterBuilder {
    let request: Request
    let context: PageContext
    let catalogue: LevelCatalogue
    /// nil: all departments; otherwise only these carriers' (T5.2).
    let departments: Set<UUID>?
    /// Rows about carriers above the viewer's clearance are left out, like everywhere else (A2).
    let clearance: CarrierLedgerQuery.Viewer

    func level(_ raw: String) -> String {
        catalogue.definition(LevelID(rawValue: raw)).map { context.t($0.name) } ?? raw
    }

    func day(_ date: Date?) -> String {
        date.map { String(DisplayTime.format($0).prefix(10)) } ?? ""
    }

    func allowed(_ carrier: CarrierModel) -> Bool {
        clearance.clears(carrier) && (departments.map { $0.contains(carrier.$department.id) } ?? true)
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
            return carriers.enumerated().map { index, carrier in
                [
                    String(index + 1), day(carrier.createdAt), carrier.originatingAuthority, carrier.documentNumber,
                    carrier.title, level(carrier.level),
                    String(carrier.copyCount), "1–\(carrier.copyCount)", carrier.registeredBy,
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
                return [
                    String(index + 1), day(event.at), carrier.documentNumber, carrier.title, level(carrier.level),
                    CarrierDraft.serialText(event.copy.serial, of: carrier.copyCount, language: context.language),
                    event.counterpart,
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
            var rows: [[String]] = []
            for request in requests {
                let payload = RequestPayloadView(request.payload).payload
                let approvers = request.steps.sorted { $0.position < $1.position }.filter { $0.decision == "approve" }
                let approvedBy = approvers.map(\.decidedByName).joined(separator: "、")
                switch register {
                case .reproduction:
                    guard let source = request.items.first?.copy else { continue }
                    let made = try await CopyModel.query(on: database).filter(\.$copyOf.$id == source.requireID()).all()
                        .filter { $0.lastChangedAt >= request.createdAt }.map(\.serial).sorted()
                    let originator =
                        approvers.first.flatMap { step in
                            step.approvalSpec.flatMap {
                                spec -> String? in
                                if case .recorded = spec.approver { return step.comment } else { return nil }
                            }
                        } ?? "—"
                    rows.append([
                        String(rows.count + 1), "\(source.carrier.number)/\(source.serial)",
                        level(source.carrier.level), String(payload.count ?? made.count),
                        made.map(String.init).joined(separator: "、"), day(request.closedAt), request.requesterName,
                        approvedBy, originator,
                    ])
                case .destruction:
                    let supervisors = confirmations.filter { $0.$request.id == request.id }.map(\.name).joined(
                        separator: "、")
                    for item in request.items {
                        rows.append([
                            String(rows.count + 1), item.copy.carrier.number, item.copy.carrier.title,
                            level(item.copy.carrier.level),
                            CarrierDraft.serialText(
                                item.copy.serial, of: item.copy.carrier.copyCount, language: context.language), "1",
                            payload.method == "facility" ? context.t("送销", "Facility") : context.t("自行销毁", "In house"),
                            payload.destructionPlace ?? "", day(request.closedAt), approvedBy,
                            (payload.transportPeople ?? []).joined(separator: "、"),
                            supervisors,
                        ])
                    }
                default:
                    guard let item = request.items.first else { continue }
                    var person = ""
                    if let retainer = payload.retainerID {
                        person = try await PersonModel.find(retainer, on: database)?.name ?? ""
                    }
                    rows.append([
                        String(rows.count + 1), person, item.copy.carrier.number, item.copy.carrier.title,
                        level(item.copy.carrier.level), request.reason,
                        approvedBy, payload.until ?? "",
                    ])
                }
            }
            return rows
        }
    }

    /// 借阅登记簿 (LEDGERS.md): every copy handed over, when it is due and when it came back; overdue ones say so
    /// in the return column (L1.9).
    func borrowingRows() async throws -> [[String]] {
        let today = ClearanceRepository.today(request.baomi.clock())
        let loans = try await request.baomi.requests.loans(on: request.db).filter {
            $0.issuedAt != nil
                && (allowed($0.copy.carrier)
                    || (clearance.clears($0.copy.carrier) && departments?.contains($0.copy.departmentID) == true))
        }.sorted { ($0.issuedAt ?? .distantPast) > ($1.issuedAt ?? .distantPast) }
        let people = try await PersonModel.query(on: request.db).filter(\.$id ~~ loans.compactMap(\.borrowerPersonID))
            .with(\.$department).all()
        let departmentOf = Dictionary(
            uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p.department.name) } })
        return loans.enumerated().map { index, loan in
            let carrier = loan.copy.carrier
            let approvedBy = loan.request.steps.sorted { $0.position < $1.position }.filter { $0.decision == "approve" }
                .map(\.decidedByName).joined(separator: "、")
            let kind = RequestKind(rawValue: loan.kind) == .carryOut ? context.t("外带：", "Taken out: ") : ""
            let returned =
                loan.returnedAt.map {
                    day($0) + (loan.forced ? context.t("（强制收回）", " (taken back)") : "")
                        + (loan.checkedInAt == nil ? context.t("（待清点入库）", " (not yet checked in)") : "")
                }
                ?? (BorrowingRules.isOverdue(returnDate: loan.returnDate, today: today)
                    ? context.t("逾期未还", "Overdue") : context.t("未还", "Out"))
            return [
                String(index + 1), carrier.number,
                CarrierDraft.serialText(loan.copy.serial, of: carrier.copyCount, language: context.language),
                level(carrier.level), loan.borrowerName, loan.borrowerPersonID.flatMap { departmentOf[$0] } ?? "",
                kind + loan.request.reason, loan.usePlace?.name ?? loan.destination, day(loan.issuedAt),
                loan.returnDate,
                returned, approvedBy,
            ]
        }
    }
}
