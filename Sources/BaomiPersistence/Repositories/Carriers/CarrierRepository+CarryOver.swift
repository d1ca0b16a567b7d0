import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension CarrierRepository {
    /// Takes over what a carrier moving in brings with it, right after `register` made it (C0, C1.2): the number on
    /// its label, the day it was made or received, and each copy's state, place or holder and date. Each copy gets a
    /// `carryOver` event saying what the old register recorded and as of when, and the carrier one audit record;
    /// the event's own time is now, when Baomi learnt it (A5).
    ///
    /// A held copy's holder must be cleared for the level (A2), a stored copy's place pass the same check as placing
    /// a copy by hand (C6); the import checked both already, and they are checked again here, inside the write.
    public func carryOver(
        _ carried: CarriedOver, to carrier: CarrierModel, by actor: AuditActor, on database: any Database
    ) async throws {
        let carrierID = try carrier.requireID()
        try await store.perform(
            on: database, by: actor, .carrierCarryOver,
            subject: AuditSubject(
                type: "carrier", id: carrierID.uuidString, label: "\(carrier.number) \(carrier.title)")
        ) { transaction, trail in
            let sql = try transaction.sql
            let settings = SettingsRepository(store: store)
            let levels = try await settings.levelCatalogue(on: transaction)
            let postClasses = try await settings.postClasses(on: transaction)
            guard let level = levels.definition(LevelID(rawValue: carrier.level)) else {
                throw DomainError.conflict(
                    LocalizedText(zh: "载体密级未配置", en: "The carrier's level is not configured"), rule: nil)
            }
            var number = carrier.number
            if let wanted = carried.number, wanted != carrier.number {
                if try await CarrierModel.query(on: transaction).filter(\.$number == wanted).first() != nil {
                    throw DomainError.invalid(
                        field: "number", rule: RuleID("C1.2"), zh: "载体编号「\(wanted)」已在登记簿中",
                        en: "The number \(wanted) is already in the register")
                }
                let (year, sequence) = try await numberParts(wanted, madeOn: carried.madeOn, on: transaction)
                try await sql.raw(
                    """
                    UPDATE carriers SET number = \(bind: wanted), number_year = \(bind: year),
                        number_sequence = \(bind: sequence)
                    WHERE id = \(bind: carrierID)
                    """
                ).run()
                trail.note("number", "\(carrier.number) → \(wanted)")
                number = wanted
            }
            if let madeOn = carried.madeOn {
                try await sql.raw(
                    "UPDATE carriers SET created_at = \(bind: Self.noon(of: madeOn)) WHERE id = \(bind: carrierID)"
                ).run()
                trail.note("madeOn", madeOn)
            }
            trail.subject = AuditSubject(type: "carrier", id: carrierID.uuidString, label: "\(number) \(carrier.title)")
            let registered = try await CopyModel.query(on: transaction).filter(\.$carrier.$id == carrierID).all()
            var states: [String] = []
            for entry in carried.copies.sorted(by: { $0.serial < $1.serial }) {
                let copy: CopyModel
                if let existing = registered.first(where: { $0.serial == entry.serial }) {
                    copy = existing
                } else {
                    // A copy made later by copying (C5.3) continues the series.
                    copy = CopyModel(
                        carrierID: carrierID, level: carrier.level, projectID: carrier.$project.id,
                        departmentID: carrier.$department.id, serial: entry.serial, copyOfID: nil,
                        state: CopyState.registered.rawValue, holderID: nil, now: clock())
                    try await copy.create(on: transaction)
                }
                try await checkHolder(
                    entry.holderID, level: level, levels: levels, postClasses: postClasses, on: transaction)
                try await checkPlace(entry.placeID, level: level, levels: levels, on: transaction)
                let from = copy.state
                copy.state = entry.state.rawValue
                copy.$place.id = entry.placeID
                copy.$holder.id = entry.state == .registered ? (entry.holderID ?? copy.$holder.id) : entry.holderID
                copy.counterpart = entry.counterpart
                copy.receivingDepartmentID = entry.receivingDepartmentID
                copy.lastChangedAt = Self.noon(of: entry.since ?? carried.madeOn ?? ClearanceRepository.today(clock()))
                copy.version += 1
                try await copy.save(on: transaction)
                try await CopyEvents.record(
                    copy: copy, action: "carryOver", from: from, actor: actor, at: clock(),
                    counterpart: entry.counterpart,
                    details: ["asOf": entry.since ?? carried.madeOn ?? "", "serial": String(entry.serial)],
                    on: transaction)
                states.append("\(entry.serial):\(entry.state.rawValue)")
            }
            if !states.isEmpty { trail.note("copies", states.joined(separator: " ")) }
        }
    }

    /// The year and sequence a number is filed under: `2019-045` as it reads; any other label (`JM-19-45`) under the
    /// year it was made, after that year's own numbers, so the register's next number is unchanged.
    private func numberParts(
        _ number: String, madeOn: String?, on database: any Database
    ) async throws -> (year: Int, sequence: Int) {
        let parts = number.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 4, parts[1].count >= 3, let year = Int(parts[0]),
            let sequence = Int(parts[1]), sequence > 0, parts[1].allSatisfy(\.isASCII)
        {
            let taken = try await CarrierModel.query(on: database).filter(\.$numberYear == year)
                .filter(\.$numberSequence == sequence).first()
            if taken == nil { return (year, sequence) }
        }
        let year = Int((madeOn ?? ClearanceRepository.today(clock())).prefix(4)) ?? 2026
        let lowest = try await CarrierModel.query(on: database).filter(\.$numberYear == year).min(\.$numberSequence)
        return (year, min(0, lowest ?? 0) - 1)
    }

    /// A copy held by a person: their secret post must cover the level (A2).
    private func checkHolder(
        _ personID: UUID?, level: LevelDefinition, levels: LevelCatalogue, postClasses: PostClassCatalogue,
        on database: any Database
    ) async throws {
        guard let personID, let person = try await PersonModel.find(personID, on: database) else { return }
        let subject = ClearanceRepository.subject(
            person, roles: [], levels: levels, postClasses: postClasses, today: ClearanceRepository.today(clock()))
        let cleared = subject.barred == nil && (subject.clearance.rank(in: level.regime) ?? Int.min) >= level.rank
        if !cleared {
            throw Refusal(
                rule: RuleID("A2"), zh: "\(person.name)的涉密等级不能持有\(level.name.zh)载体",
                en: "\(person.name)'s secret post does not cover \(level.name.en)")
        }
    }

    /// A copy kept in a place: the same check as placing it by hand (C6).
    private func checkPlace(
        _ placeID: UUID?, level: LevelDefinition, levels: LevelCatalogue, on database: any Database
    ) async throws {
        guard let placeID else { return }
        guard let place = try await StoragePlaceModel.find(placeID, on: database), place.isActive,
            let placeLevel = levels.definition(LevelID(rawValue: place.maxLevel)),
            let kind = StorageClass(rawValue: place.kind)
        else {
            throw DomainError.invalid(field: "placeID", rule: RuleID("C6"), zh: "存放位置不可用", en: "No such place in use")
        }
        try CarrierRules.checkPlace(copyLevel: level, placeLevel: placeLevel, placeKind: kind, placeName: place.name)
            .enforce()
    }

    /// Noon of a day in the organisation's time zone: the day reads the same in every zone a reader is in.
    static func noon(of day: String) -> Date {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        guard parts.count == 3,
            let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12))
        else { return Date() }
        return date
    }
}
