import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation

/// `baomi check`: runs every compliance check once, stores the findings as the server would, and returns them.
public enum ComplianceCheckCommand {
    public struct Report: Sendable {
        public var summary: ComplianceRepository.Summary
        public var findings: [Finding]
    }

    public static func run(configuration: BaomiConfiguration) async throws -> Report {
        try await CommandLineSession.run(configuration) { session in
            let levels = try await session.services.settings.levelCatalogue(on: session.database)
            let summary = try await session.services.compliance.evaluate(levels: levels, on: session.database)
            var query = FindingQuery()
            query.limit = 500
            var findings: [Finding] = []
            while true {
                let page = try await query.run(on: session.database)
                findings += page.rows.compactMap(\.finding)
                query.offset += query.limit
                if query.offset >= page.total { break }
            }
            return Report(summary: summary, findings: findings)
        }
    }
}
