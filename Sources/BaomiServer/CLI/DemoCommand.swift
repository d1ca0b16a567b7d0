import BaomiDomain
import BaomiPersistence
import Foundation
import Vapor

/// `baomi demo`: a fresh data folder filled with the sample institute, its accounts hashed with Bcrypt here
/// because Bcrypt lives with Vapor.
public enum DemoCommand {
    public struct Report: Sendable {
        public var summary: DemoInstitute.Summary
        /// The demo accounts' first password when Baomi chose it (nil when `BAOMI_INITIAL_PASSWORD` set it).
        public var generatedPassword: String?
    }

    public static func run(
        seed: UInt64, includeCarriers: Bool, configuration: BaomiConfiguration
    ) async throws -> Report {
        try await CommandLineSession.run(configuration) { session in
            if let refusal = try await DemoInstitute.refusalForExistingData(on: session.database) {
                throw CommandLineFailure(zh: refusal.zh, en: refusal.en)
            }
            let password = configuration.initialPassword ?? Bootstrap.randomPassword()
            let passwords = session.services.passwords
            let summary = try await DemoInstitute(seed: seed, includeCarriers: includeCarriers).populate(
                on: session.database, store: session.services.store, password: password,
                hashPassword: { try await passwords.hash($0) })
            return Report(
                summary: summary, generatedPassword: configuration.initialPassword == nil ? password : nil)
        }
    }
}
