import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// A departure's own records beside its request (T22, T12): the checklist of returned items signed off one by one,
/// the delivery of the two letters; and the people still bound after leaving — the 脱密期 (A7) and 竞业限制 (T11)
/// lists. Every change is audited in its transaction (`Store.perform`).
public struct DepartureRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// The number of the person's departure still under way, if any.
    static func openDeparture(of personID: UUID, excluding: UUID?, on database: any Database) async throws -> String? {
        let open = [RequestState.submitted, .inReview, .returned, .approved].map(\.rawValue)
        return try await RequestModel.query(on: database).filter(\.$kind == RequestKind.departure.rawValue)
            .filter(\.$state ~~ open).all()
            .first {
                $0.id != excluding && Departure.decodePayload(Data($0.payload.utf8))?.personID == personID
            }?.number
    }

    /// The departure request, refused unless it is one.
    private func departure(_ requestID: UUID, on database: any Database) async throws -> RequestModel {
        guard let request = try await RequestModel.find(requestID, on: database),
            request.kind == RequestKind.departure.rawValue
        else { throw DomainError.notFound(zh: "离岗离职申请不存在", en: "No such departure") }
        return request
    }

    public func items(of requestID: UUID, on database: any Database) async throws -> [DepartureItemModel] {
        try await DepartureItemModel.query(on: database).filter(\.$request.$id == requestID).sort(\.$position).all()
    }

    public func letters(of requestID: UUID, on database: any Database) async throws -> [DepartureLetterModel] {
        try await DepartureLetterModel.query(on: database).filter(\.$request.$id == requestID).all()
    }

    /// Lists an item to be returned (T22) while the departure is open.
    @discardableResult
    public func addItem(
        to requestID: UUID, category: String?, description: String?, by actor: RequestActor, on database: any Database
    ) async throws -> DepartureItemModel {
        try await store.perform(
            on: database, by: actor.audit, .departureItemAdd,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let request = try await departure(requestID, on: transaction)
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            try Self.requireOpen(request)
            guard let category = DepartureItemCategory(rawValue: category ?? "") else {
                throw DomainError.invalid(
                    field: "category", rule: RuleID("T22"), zh: "请选择资料、设备或样品",
                    en: "Choose material, equipment or sample")
            }
            let text = (description ?? "").trimmed
            guard (1...200).contains(text.count) else {
                throw DomainError.invalid(
                    field: "description", rule: RuleID("T22"), zh: "请写明退还的物品（不超过 200 字）",
                    en: "Describe the item (at most 200 characters)")
            }
            try await RowLock.take(RequestModel.schema, id: requestID, on: transaction)
            let last = try await DepartureItemModel.query(on: transaction).filter(\.$request.$id == requestID)
                .max(\.$position)
            let item = DepartureItemModel()
            item.$request.id = requestID
            item.position = (last ?? 0) + 1
            item.category = category.rawValue
            item.description = text
            item.addedBy = actor.displayName
            item.signedByName = ""
            try await item.create(on: transaction)
            trail.note("item", "\(category.title.zh)：\(text)")
            return item
        }
    }

    /// Signs an item off as returned (T22): once, by someone other than the leaver; of two signatures at once one
    /// wins, the other is told it is signed already.
    public func signItem(
        _ itemID: UUID, of requestID: UUID, by actor: RequestActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor.audit, .departureItemSign,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let request = try await departure(requestID, on: transaction)
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            try Self.requireOpen(request)
            guard let item = try await DepartureItemModel.find(itemID, on: transaction), item.$request.id == requestID
            else { throw DomainError.notFound(zh: "退还物品不存在", en: "No such item") }
            if let leaver = Departure.decodePayload(Data(request.payload.utf8))?.personID, leaver == actor.personID {
                throw Refusal(
                    rule: RuleID("T22"), zh: "离岗人员不能自己签收退还物品", en: "The leaver cannot sign off their own returns")
            }
            let signed = try await transaction.sql.raw(
                """
                UPDATE departure_items SET signed_by_id = \(bind: actor.accountID),
                    signed_by_name = \(bind: actor.displayName), signed_at = \(bind: clock())
                WHERE id = \(bind: itemID) AND signed_at IS NULL RETURNING id
                """
            ).all()
            guard signed.count == 1 else {
                throw DomainError.conflict(
                    LocalizedText(zh: "该物品已签收", en: "This item is signed off already"), rule: RuleID("T22"))
            }
            trail.note("item", item.description)
        }
    }

    /// Records how and when a letter was delivered (T12), once per letter; the notice only when there is a new
    /// employer to notify.
    public func recordDelivery(
        of letter: String?, for requestID: UUID, deliveredOn: String?, method: String?, deliveredBy: String?,
        by actor: RequestActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor.audit, .departureLetter,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let request = try await departure(requestID, on: transaction)
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            var errors: [FieldError] = []
            let letter = DepartureLetter(rawValue: letter ?? "")
            if letter == nil {
                errors.append(
                    FieldError(
                        field: "letter", rule: RuleID("T12"),
                        message: LocalizedText(zh: "请选择提醒书或告知函", en: "Choose the reminder or the notice")))
            }
            let method = LetterDelivery(rawValue: method ?? "")
            if method == nil {
                errors.append(
                    FieldError(
                        field: "method", rule: RuleID("T12"),
                        message: LocalizedText(zh: "请选择送达方式", en: "Choose how it was delivered")))
            }
            if case .failure(let error) = CalendarDay.parse(
                deliveredOn ?? "", field: "deliveredOn", label: LocalizedText(zh: "送达日期", en: "Delivered on"),
                rule: RuleID("T12"))
            {
                errors.append(error)
            }
            let by = (deliveredBy ?? "").trimmed
            if !(1...50).contains(by.count) {
                errors.append(
                    FieldError(
                        field: "deliveredBy", rule: RuleID("T12"),
                        message: LocalizedText(zh: "请填写送达人（不超过 50 字）", en: "Name who delivered it (at most 50)")))
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            guard let letter, let method else { return }
            if letter == .notice,
                (Departure.decodePayload(Data(request.payload.utf8))?.newEmployer ?? "").trimmed.isEmpty
            {
                throw DepartureRules.noNewEmployer
            }
            let record = DepartureLetterModel()
            record.$request.id = requestID
            record.letter = letter.rawValue
            record.deliveredOn = (deliveredOn ?? "").trimmed
            record.method = method.rawValue
            record.deliveredBy = by
            record.recordedBy = actor.displayName
            record.recordedAt = clock()
            do {
                try await record.create(on: transaction)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "「\(letter.title.zh)」的送达已登记", en: "The delivery of this letter is recorded already"),
                    rule: RuleID("T12"))
            }
            trail.note("letter", letter.rawValue)
            trail.note("deliveredOn", record.deliveredOn)
            trail.note("method", method.rawValue)
        }
    }

    private static func requireOpen(_ request: RequestModel) throws {
        guard RequestState(rawValue: request.state)?.isOpen == true else {
            throw DomainError.conflict(
                LocalizedText(zh: "该离岗离职申请已办结", en: "This departure is closed"), rule: RuleID("T22"))
        }
    }

    // MARK: After leaving

    /// One person still bound after leaving.
    public struct Bound: Hashable, Sendable {
        public var personID: UUID
        public var name: String
        public var employeeNumber: String
        public var departmentName: String
        public var departedOn: String?
        public var until: String
    }

    /// People in their 脱密期 (A7) or non-compete period (T11) on `today`, the nearest end first.
    public func bound(
        _ period: BoundPeriod, today: String, departments: [UUID]? = nil, on database: any Database
    ) async throws -> [Bound] {
        let column: SQLQueryString = period == .separation ? "p.separation_until" : "p.non_compete_until"
        // A secrecy officer's list: their departments' people only.
        var scope: SQLQueryString = ""
        if let departments {
            scope = " AND p.department_id IN (NULL"
            for id in departments {
                scope.appendLiteral(", ")
                scope.appendInterpolation(bind: id)
            }
            scope.appendLiteral(")")
        }
        let rows = try await database.sql.raw(
            """
            SELECT p.id, p.name, p.employee_number, p.departed_on, \(column) AS until, u.name AS department_name
            FROM people p JOIN org_units u ON u.id = p.department_id
            WHERE \(column) >= \(bind: today)\(scope)
            ORDER BY \(column), p.name
            """
        ).all()
        return try rows.map {
            Bound(
                personID: try $0.decode(column: "id", as: UUID.self),
                name: try $0.decode(column: "name", as: String.self),
                employeeNumber: try $0.decode(column: "employee_number", as: String.self),
                departmentName: try $0.decode(column: "department_name", as: String.self),
                departedOn: try $0.decode(column: "departed_on", as: String?.self),
                until: try $0.decode(column: "until", as: String.self))
        }
    }

    public enum BoundPeriod: String, Sendable, CaseIterable {
        case separation
        case nonCompete
    }
}
