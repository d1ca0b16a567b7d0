import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// A departure's own section of its request page, as data (principle 15): what the leaver still holds (T22, each
/// named only as `CarrierSights` lets the viewer see it, principle 11), the checklist of returned items, and the two
/// letters with their delivery (T12).
struct DeparturePanel {
    struct Holding {
        var kind: DepartureHolding.Kind
        /// The carrier and copy as this viewer may name them.
        var label: String
        /// Where it is returned: the loan's request page, or the copy's page.
        var link: String?
    }

    struct Item {
        var id: UUID
        var position: Int
        var category: String
        var description: String
        var signedBy: String?
        var signedAt: Date?
    }

    struct Letter {
        var letter: DepartureLetter
        var deliveredOn: String?
        var method: String?
        var deliveredBy: String?
        var recordedBy: String?
    }

    var requestID: UUID
    var personID: UUID?
    var isOpen: Bool
    var holdings: [Holding]
    /// Holdings this viewer may not see named: counted only (principle 11).
    var unnamed: Int
    var items: [Item]
    var letters: [Letter]
    var hasNewEmployer: Bool
    var canManage: Bool
}

extension DeparturePanel {
    /// The panel of a departure request; nil for any other kind.
    static func load(_ model: RequestModel, viewer: Viewer, request: Request) async throws -> DeparturePanel? {
        guard model.kind == RequestKind.departure.rawValue, let id = model.id else { return nil }
        let payload = Departure.decodePayload(Data(model.payload.utf8))
        var held: [DepartureHolding] = []
        if let person = payload?.personID { held = try await DepartureHoldings.of(person, on: request.db) }
        let sights = try await request.carrierSights(Set(held.map(\.carrierID)), viewer: viewer)
        let context = PageContext(request)
        var holdings: [Holding] = []
        var unnamed = 0
        for holding in held {
            guard
                let words = sights.words(
                    holding.carrierID, LocalizedText(zh: holding.carrierNumber, en: holding.carrierNumber), duty: true)
            else {
                unnamed += 1
                continue
            }
            let readable = sights.sight(holding.carrierID, duty: true) == .full
            let serial = context.t("第\(holding.serial)份", "copy \(holding.serial)")
            holdings.append(
                Holding(
                    kind: holding.kind,
                    label: context.t(words) + " " + serial + (readable ? " " + holding.carrierTitle : ""),
                    link: holding.requestID.map { SiteRoute.request($0).path }
                        ?? (readable && viewer.can(.manageCarriers) ? SiteRoute.copy(holding.copyID).path : nil)))
        }
        let repository = request.baomi.departures
        let items = try await repository.items(of: id, on: request.db).map {
            Item(
                id: $0.id ?? UUID(), position: $0.position,
                category: DepartureItemCategory(rawValue: $0.category).map { context.t($0.title) } ?? $0.category,
                description: $0.description, signedBy: $0.signedAt == nil ? nil : $0.signedByName,
                signedAt: $0.signedAt)
        }
        let delivered = try await repository.letters(of: id, on: request.db)
        let letters = DepartureLetter.allCases.map { letter in
            let record = delivered.first { $0.letter == letter.rawValue }
            return Letter(
                letter: letter, deliveredOn: record?.deliveredOn,
                method: record.flatMap { LetterDelivery(rawValue: $0.method) }.map { context.t($0.title) },
                deliveredBy: record?.deliveredBy, recordedBy: record?.recordedBy)
        }
        return DeparturePanel(
            requestID: id, personID: payload?.personID,
            isOpen: RequestState(rawValue: model.state)?.isOpen == true
                || model.state == RequestState.approved.rawValue,
            holdings: holdings, unnamed: unnamed, items: items, letters: letters,
            hasNewEmployer: !(payload?.newEmployer ?? "").isEmpty, canManage: viewer.can(.manageDepartures))
    }
}

extension BaomiServices {
    /// A departure's checklist and letters, the 脱密期 and 竞业限制 lists (#16); cheap to make, so made where used.
    var departures: DepartureRepository { DepartureRepository(store: store, clock: clock) }
}
