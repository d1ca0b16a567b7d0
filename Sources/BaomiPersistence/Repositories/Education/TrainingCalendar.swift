import BaomiDomain
import FluentKit
import Foundation

/// The calendar of public holidays and major secret activities (E6.5). A briefing before each is a session of
/// purpose `briefing` linked to it; until one is held the responsible person (or the security office) has a finding.
public struct TrainingCalendar: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public enum Kind: String, CaseIterable, Sendable {
        case holiday
        case activity

        public var title: LocalizedText {
            switch self {
            case .holiday: LocalizedText(zh: "法定节假日", en: "Public holiday")
            case .activity: LocalizedText(zh: "重大涉密活动", en: "Major secret activity")
            }
        }
    }

    @discardableResult
    public func add(
        name: String, kind: Kind, startsOn: String, responsiblePersonID: UUID?, by actor: AuditActor,
        on database: any Database
    ) async throws -> CalendarEventModel {
        try await store.perform(on: database, by: actor, .trainingCalendar) { transaction, trail in
            let event = try await Self.insert(
                name: name, kind: kind, startsOn: startsOn, responsiblePersonID: responsiblePersonID, by: actor,
                on: transaction)
            trail.subject = AuditSubject(type: "calendarEvent", id: try event.requireID().uuidString, label: name)
            trail.note("startsOn", startsOn)
            return event
        }
    }

    /// The year's national holidays (`NationalHolidays`), those not yet on the calendar; returns how many were added.
    @discardableResult
    public func addNationalHolidays(
        of year: Int, responsiblePersonID: UUID?, by actor: AuditActor, on database: any Database
    ) async throws -> Int {
        try await store.perform(
            on: database, by: actor, .trainingCalendar, subject: AuditSubject(type: "calendar", id: String(year))
        ) { transaction, trail in
            var added = 0
            for holiday in NationalHolidays.of(year) {
                let existing = try await CalendarEventModel.query(on: transaction).filter(\.$name == holiday.name)
                    .filter(\.$startsOn == holiday.startsOn).first()
                guard existing == nil else { continue }
                try await Self.insert(
                    name: holiday.name, kind: .holiday, startsOn: holiday.startsOn,
                    responsiblePersonID: responsiblePersonID, by: actor, on: transaction)
                added += 1
            }
            trail.note("added", String(added))
            return added
        }
    }

    @discardableResult
    static func insert(
        name: String, kind: Kind, startsOn: String, responsiblePersonID: UUID?, by actor: AuditActor,
        on transaction: any Database
    ) async throws -> CalendarEventModel {
        var validator = FieldValidator()
        let name = validator.required(name, field: "name", label: LocalizedText(zh: "名称", en: "Name"))
        let day = validator.date(startsOn, field: "startsOn", label: LocalizedText(zh: "日期", en: "Date"))
        if day == nil, startsOn.trimmed.isEmpty {
            validator.add(field: "startsOn", zh: "请填写日期", en: "Date is required")
        }
        if let responsiblePersonID, try await PersonModel.find(responsiblePersonID, on: transaction) == nil {
            validator.add(field: "responsiblePersonID", zh: "人员不存在", en: "No such person")
        }
        try validator.check()
        let duplicate = try await CalendarEventModel.query(on: transaction).filter(\.$name == name)
            .filter(\.$startsOn == (day?.description ?? "")).first()
        if duplicate != nil {
            throw DomainError.invalid(field: "name", zh: "日历中已有该日期的「\(name)」", en: "\(name) is already on that day")
        }
        let event = CalendarEventModel()
        event.name = name
        event.kind = kind.rawValue
        event.startsOn = day?.description ?? ""
        event.$responsible.id = responsiblePersonID
        event.createdBy = actor.name
        try await event.create(on: transaction)
        return event
    }

    /// Events from `from` on, soonest first.
    public func events(from: String, on database: any Database) async throws -> [CalendarEventModel] {
        try await CalendarEventModel.query(on: database).filter(\.$startsOn >= from).sort(\.$startsOn).limit(200).all()
    }

    /// "YYYY-MM-DD name", as a briefing names the holiday or activity it prepares for; nil when there is none.
    public static func label(ofEvent id: UUID, on database: any Database) async throws -> String? {
        try await CalendarEventModel.find(id, on: database).map(label)
    }

    static func label(_ event: CalendarEventModel) -> String { "\(event.startsOn) \(event.name)" }

    /// The holidays and activities a briefing held on `today` may prepare for: from two weeks back on.
    public func choices(today: String, on database: any Database) async throws -> [(id: UUID, label: String)] {
        let from = CalendarDay(today).map { $0.adding(days: -14).description } ?? today
        return try await events(from: from, on: database).compactMap { event in
            event.id.map { ($0, Self.label(event)) }
        }
    }
}
