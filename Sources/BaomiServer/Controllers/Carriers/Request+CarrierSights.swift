import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension Request {
    /// What this request's viewer may see of each carrier (DESIGN principle 11): every surface that names a carrier
    /// asks this before it shows a title, a number, a marking — or a row or a count.
    func carrierSights(_ carrierIDs: some Collection<UUID>, viewer: Viewer) async throws -> CarrierSights {
        try await CarrierSights.load(
            carrierIDs, for: try await accessSubject(viewer), levels: try await levelCatalogue(),
            postClasses: try await postClassCatalogue(), on: db)
    }

    /// The sights of the carriers that records of other kinds (copies, loans, tasks, requests) concern, with the link
    /// from each record to its carrier.
    func carrierSights(
        of records: some Sequence<(kind: String, id: UUID)>, viewer: Viewer
    ) async throws -> (links: [UUID: UUID], sights: CarrierSights) {
        let links = try await CarrierLinks.carriers(of: records, on: db)
        return (links, try await carrierSights(links.values, viewer: viewer))
    }

    /// The sights of every carrier the requests concern: their own and their copies' (a destruction batch spans
    /// several).
    func carrierSights(of requests: [RequestModel], viewer: Viewer) async throws -> CarrierSights {
        try await carrierSights(
            Set(
                requests.flatMap { request in
                    request.items.map { $0.copy.$carrier.id } + [request.$carrier.id].compactMap { $0 }
                }),
            viewer: viewer)
    }

    /// A person's open tasks as they may see them (C9, principle 11).
    func visibleTasks(of person: UUID, viewer: Viewer) async throws -> [VisibleTask] {
        let tasks = try await baomi.requests.tasks(of: person, on: db)
        return VisibleTask.visible(tasks, sights: try await carrierSights(tasks.map(\.$carrier.id), viewer: viewer))
    }

    /// Loans as the viewer may see them: `duty` for their own (a holder is always told what they hold, by reference
    /// if need be); a keeper's list leaves out what they may not see, and so does its count (principle 11).
    func visibleLoans(_ loans: [LoanModel], viewer: Viewer, duty: Bool) async throws -> [VisibleLoan] {
        let sights = try await carrierSights(loans.map { $0.copy.$carrier.id }, viewer: viewer)
        return loans.compactMap { loan in
            let carrierID = loan.copy.$carrier.id
            switch sights.sight(carrierID, duty: duty) {
            case .full: return VisibleLoan(loan: loan, carrier: nil)
            case .reference: return VisibleLoan(loan: loan, carrier: CarrierVisibility.reference(carrierID))
            case .hidden: return nil
            }
        }
    }
}

/// A loan and, when the viewer may not read its carrier, the reference that stands for it (principle 11).
struct VisibleLoan {
    let loan: LoanModel
    /// nil: the carrier's number and title may be shown.
    let carrier: LocalizedText?
}
