import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Trips abroad (A7, L1.7): the approved travel requests as trips, their 行前保密教育 and 回国汇报, and the number of
/// days after the return within which the debriefing is due (a setting of the security office).
public struct TravelRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// A travel request as a trip: its facts, where it stands, and the briefing and debriefing recorded on it.
    public struct Trip: Sendable, Hashable {
        public var requestID: UUID
        public var number: String
        public var state: RequestState
        public var requesterID: UUID
        public var payload: TravelAbroad.Payload
        public var travellerName: String
        public var departmentID: UUID?
        public var departmentName: String
        public var briefing: Report?
        public var debriefing: Report?

        public var returnDate: String { payload.returnDate ?? "" }
        public var departureDate: String { payload.departureDate ?? "" }
        public var travellerID: UUID? { payload.travellerID }
    }

    public struct Report: Sendable, Hashable {
        public var kind: TripReportKind
        public var heldOn: String
        public var heldBy: String
        public var notes: String
        public var recordedBy: String
    }

    // MARK: Trips

    /// The newest travel requests, with their reports; `states` narrows them.
    public func trips(
        states: Set<RequestState>? = nil, limit: Int = 500, on database: any Database
    ) async throws -> [Trip] {
        let query = RequestModel.query(on: database).filter(\.$kind == RequestKind.travelAbroad.rawValue)
        if let states { query.filter(\.$state ~~ states.map(\.rawValue)) }
        return try await Self.trips(try await query.sort(\.$createdAt, .descending).limit(limit).all(), on: database)
    }

    /// One trip; 404 when the request is not a travel request.
    public func trip(_ id: UUID, on database: any Database) async throws -> Trip {
        guard let model = try await RequestModel.find(id, on: database),
            model.kind == RequestKind.travelAbroad.rawValue,
            let trip = try await Self.trips([model], on: database).first
        else { throw DomainError.notFound(zh: "出境记录不存在", en: "No such trip") }
        return trip
    }

    static func trips(_ rows: [RequestModel], on database: any Database) async throws -> [Trip] {
        let decoded = rows.compactMap { row -> (RequestModel, TravelAbroad.Payload)? in
            TravelAbroad.decodePayload(Data(row.payload.utf8)).map { (row, $0) }
        }
        let ids = decoded.compactMap { $0.0.id }
        let people = try await PersonModel.query(on: database)
            .filter(\.$id ~~ Array(Set(decoded.compactMap { $0.1.travellerID }))).with(\.$department).all()
        let byID = Dictionary(people.compactMap { person in person.id.map { ($0, person) } }) { first, _ in first }
        let reports = ids.isEmpty ? [] : try await TripReportModel.query(on: database).filter(\.$requestID ~~ ids).all()
        return decoded.compactMap { model, payload in
            guard let id = model.id else { return nil }
            let person = payload.travellerID.flatMap { byID[$0] }
            func report(_ kind: TripReportKind) -> Report? {
                reports.first { $0.requestID == id && $0.kind == kind.rawValue }.map {
                    Report(kind: kind, heldOn: $0.heldOn, heldBy: $0.heldBy, notes: $0.notes, recordedBy: $0.recordedBy)
                }
            }
            return Trip(
                requestID: id, number: model.number, state: RequestState(rawValue: model.state) ?? .submitted,
                requesterID: model.requesterID, payload: payload, travellerName: person?.name ?? "",
                departmentID: person?.$department.id, departmentName: person?.department.name ?? "",
                briefing: report(.briefing), debriefing: report(.debriefing))
        }
    }

    // MARK: Briefing and debriefing

    /// Records the 行前保密教育 or the 回国汇报 of an approved trip (A7), audited. One of each per trip; a day in the
    /// future is refused, and a debriefing before the departure. The debriefing closes the trip (`done`).
    public func recordReport(
        _ kind: TripReportKind, of requestID: UUID, heldOn: String?, heldBy: String?, notes: String?,
        by actor: AuditActor, roles: Set<Role>, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .tripReport, subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            guard roles.contains(.securityOffice) else {
                throw Refusal(
                    rule: RuleID("A7"), zh: "行前教育和回国汇报由保密办登记",
                    en: "The security office records briefings and debriefings")
            }
            let trip = try await self.trip(requestID, on: transaction)
            trail.subject = AuditSubject(
                type: "request", id: requestID.uuidString, label: "\(trip.number) \(trip.travellerName)")
            trail.note("kind", kind.rawValue)
            let today = ClearanceRepository.today(clock())
            var validator = FieldValidator()
            let day = validator.date(
                heldOn, field: "heldOn", label: LocalizedText(zh: "日期", en: "Date"), rule: RuleID("A7"))
            if (heldOn ?? "").trimmed.isEmpty {
                validator.add(field: "heldOn", rule: RuleID("A7"), zh: "请填写日期", en: "State the date")
            }
            let by = validator.required(
                heldBy, field: "heldBy", label: LocalizedText(zh: "主持人", en: "Held by"), maxLength: 100)
            let text = validator.optional(
                notes, field: "notes", label: LocalizedText(zh: "内容", en: "Notes"), maxLength: 2000)
            if let day, day.description > today {
                validator.add(
                    field: "heldOn", rule: RuleID("A7"), zh: "日期不能晚于今天", en: "The date cannot be in the future")
            }
            if kind == .debriefing, let day, day.description < trip.departureDate {
                validator.add(
                    field: "heldOn", rule: RuleID("A7"), zh: "回国汇报不能早于出境日期 \(trip.departureDate)",
                    en: "A debriefing cannot come before the departure on \(trip.departureDate)")
            }
            try validator.check()
            guard trip.state == .approved || (kind == .briefing && trip.state == .done) else {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "出境审批 \(trip.number) 现为「\(trip.state.title.zh)」：只有已批准的出境可以登记\(kind.title.zh)",
                        en: "Travel request \(trip.number) is \(trip.state.title.en.lowercased()): only an approved "
                            + "trip takes a \(kind.title.en.lowercased())"), rule: RuleID("A7"))
            }
            if (kind == .briefing ? trip.briefing : trip.debriefing) != nil {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "\(trip.number) 已登记\(kind.title.zh)", en: "\(trip.number) already has its \(kind.title.en)"),
                    rule: RuleID("A7"))
            }
            let report = TripReportModel()
            report.requestID = requestID
            report.kind = kind.rawValue
            report.heldOn = day?.description ?? today
            report.heldBy = by
            report.notes = text ?? ""
            report.recordedBy = actor.name
            report.recordedAt = clock()
            try await report.create(on: transaction)
            if kind == .debriefing {
                // Back and debriefed: the trip is over. The conditional write keeps a concurrent close from doubling.
                let closed = try await transaction.sql.raw(
                    """
                    UPDATE requests SET state = \(bind: RequestState.done.rawValue), closed_at = \(bind: clock()),
                        version = version + 1
                    WHERE id = \(bind: requestID) AND state = \(bind: RequestState.approved.rawValue) RETURNING id
                    """
                ).all()
                guard closed.count == 1 else {
                    throw DomainError.conflict(
                        LocalizedText(zh: "该出境记录刚被他人变动，请刷新后重试", en: "Someone else just changed this trip; reload"),
                        rule: RuleID("A7"))
                }
            }
        }
    }

    // MARK: The debriefing days

    static let debriefingDaysKey = "travelDebriefingDays"

    static func debriefingDays(sql: any SQLDatabase) async throws -> Int {
        let text = try await sql.raw("SELECT value FROM settings WHERE key = \(bind: debriefingDaysKey)").first()?
            .decode(column: "value", as: String.self)
        return text.flatMap { Int($0) } ?? TravelRules.defaultDebriefingDays
    }

    /// Within how many days after the return the debriefing is due, and a lent passport back (A7).
    public func debriefingDays(on database: any Database) async throws -> Int {
        try await Self.debriefingDays(sql: database.sql)
    }

    /// The security office sets the days (1–60); audited with the old and new value.
    public func setDebriefingDays(
        _ days: Int, by actor: AuditActor, roles: Set<Role>, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .travelPolicy, subject: AuditSubject(type: "setting", id: Self.debriefingDaysKey)
        ) { transaction, trail in
            guard roles.contains(.securityOffice) else {
                throw Refusal(rule: RuleID("A7"), zh: "回国汇报期限由保密办设置", en: "The security office sets the days")
            }
            guard TravelRules.debriefingDaysRange.contains(days) else {
                throw DomainError.invalid(
                    field: "debriefingDays", rule: RuleID("A7"), zh: "请填写 1 到 60 天", en: "Between 1 and 60 days")
            }
            let setting =
                try await SettingModel.find(Self.debriefingDaysKey, on: transaction)
                ?? SettingModel(key: Self.debriefingDaysKey, value: String(TravelRules.defaultDebriefingDays))
            trail.note("debriefingDays", "\(setting.value) → \(days)")
            setting.value = String(days)
            try await setting.save(on: transaction)
        }
    }
}
