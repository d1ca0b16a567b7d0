import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ClearanceRepository {
    /// A reading in place (现场阅读, C4, T2): the custodian enters that a person read a stored copy, at a place cleared
    /// for its level (L1.2), without taking it away. The reader must be allowed to read the carrier — cleared for it
    /// and within its distribution scope (A2, A3). One entry of the reading register, with its audit record (A5).
    @discardableResult
    public func recordReadingInPlace(
        copyID: UUID, readerID: UUID, placeID: UUID, catalogue: LevelCatalogue, postClasses: PostClassCatalogue,
        by actor: AuditActor, on database: any Database
    ) async throws -> ReadingModel {
        try await store.perform(
            on: database, by: actor, .readingRecord, subject: AuditSubject(type: "copy", id: copyID.uuidString)
        ) { transaction, trail in
            guard let copy = try await CopyModel.query(on: transaction).filter(\.$id == copyID).with(\.$carrier).first()
            else { throw DomainError.notFound(zh: "载体份不存在", en: "No such copy") }
            let carrier = copy.carrier
            trail.subject = AuditSubject(
                type: "copy", id: copyID.uuidString, label: "\(carrier.number) 第\(copy.serial)份 \(carrier.title)")
            guard copy.state == CopyState.stored.rawValue else {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "只能登记在库载体份的现场阅读；借出的载体由借阅人阅读",
                        en: "Only a stored copy is read in place; a copy on loan is read by its borrower"),
                    rule: RuleID("C4"))
            }
            guard let level = catalogue.definition(LevelID(rawValue: carrier.level)) else {
                throw DomainError.conflict(
                    LocalizedText(zh: "载体密级未配置", en: "The carrier's level is not configured"), rule: nil)
            }
            guard let reader = try await PersonModel.find(readerID, on: transaction) else {
                throw DomainError.invalid(field: "personID", zh: "阅读人不存在", en: "No such reader")
            }
            var errors: [FieldError] = []
            let place = try await StoragePlaceModel.find(placeID, on: transaction)
            if let place, place.isActive, let placeLevel = catalogue.definition(LevelID(rawValue: place.maxLevel)) {
                if !BorrowingRules.placeClears(placeLevel, for: level) {
                    errors.append(
                        FieldError(
                            field: "placeID", rule: RuleID("L1.2"),
                            message: LocalizedText(
                                zh: "阅读地点「\(place.name)」未核准\(level.name.zh)级：须在符合保密要求的场所阅读",
                                en:
                                    "\(place.name) is not cleared for \(level.name.en): read it in a place cleared for the level"
                            )))
                }
            } else {
                errors.append(
                    FieldError(
                        field: "placeID", rule: RuleID("L1.2"),
                        message: LocalizedText(zh: "请选择已登记的阅读地点", en: "Choose a registered place of reading")))
            }
            let subject = Self.subject(
                reader, roles: [], levels: catalogue, postClasses: postClasses, today: Self.today(clock()))
            let object = try await Self.objects(of: [carrier], levels: catalogue, on: transaction)[carrier.requireID()]
            if let object,
                let refusal = AccessDecision.decide(
                    subject, .read, object, postClasses: postClasses, levels: catalogue
                ).refusal
            {
                errors.append(
                    FieldError(
                        field: "personID", rule: refusal.rule,
                        message: LocalizedText(
                            zh: "阅读人\(reader.name)：\(refusal.reason.zh)",
                            en: "Reader \(reader.name): \(refusal.reason.en)")))
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            // The reader's own account where they have one; otherwise the custodian's who entered it.
            let account = try await AccountModel.query(on: transaction).filter(\.$person.$id == readerID).first()?.id
            let reading = ReadingModel(
                carrierID: try carrier.requireID(), copyID: copyID, personID: readerID,
                accountID: account ?? actor.accountID ?? UUID(), readerName: reader.name,
                kind: ReadingKind.readInPlace.rawValue, at: clock())
            reading.placeID = placeID
            try await reading.create(on: transaction)
            trail.note("reader", reader.name)
            trail.note("place", place?.name ?? "")
            return reading
        }
    }
}
