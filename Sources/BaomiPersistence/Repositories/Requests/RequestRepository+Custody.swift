import BaomiDomain
import FluentKit
import Foundation

extension RequestRepository {
    /// New copies go to whoever asked for them (C5.3), a retained copy to its retainer (C10), only if that person
    /// may hold it (`CopyCustodyCheck`, A2, A4).
    func requireCustody(
        of personID: UUID, level: LevelDefinition, field: String, catalogue: LevelCatalogue, on database: any Database
    ) async throws {
        try await CopyCustodyCheck.require(
            personID, level: level, field: field, catalogue: catalogue, store: store, now: clock(), on: database)
    }
}
