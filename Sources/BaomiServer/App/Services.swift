import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// The app's long-lived collaborators, built once in `configure` and reached through `req.baomi`. A class: every
/// request reaches it a dozen times, and a struct this size would be copied, each of its references retained, each time.
final class BaomiServices: Sendable {
    let configuration: BaomiConfiguration
    let store: Store
    let accounts: AccountRepository
    let accountChanges: AccountChangeRepository
    let organisation: OrganisationRepository
    let secrecyOrganisation: SecrecyOrganisationRepository
    let sessions: SessionRepository
    let settings: SettingsRepository
    let carriers: CarrierRepository
    let copySteps: CopyStepRepository
    let places: StoragePlaceRepository
    let requests: RequestRepository
    /// Approval chains as configured, and stand-ins (issue #14).
    let chains: ChainCatalogue
    let delegations: Delegations
    let attachments: RequestAttachmentRepository
    let inventories: InventoryRepository
    let clearances: ClearanceRepository
    let compliance: ComplianceRepository
    /// Every committed change, for the compliance engine's re-checks; nil when it runs only when asked.
    let changes: AsyncStream<StoreChange>?
    let checkpoints: AuditCheckpoints
    /// Signs a checkpoint after each burst of audit records; nil when `checkpointSettle` is nil.
    let sealer: CheckpointSealer?
    let signer: CheckpointSigner
    let passwords: PasswordHasher
    let clock: @Sendable () -> Date
    /// SQLite: read-only connections that run a read on the calling thread (`Request.reads`).
    let readers: SQLiteReaders?

    init(
        configuration: BaomiConfiguration, signer: CheckpointSigner, durability: DurabilityBarrier?,
        writer: SQLiteWriter?, readers: SQLiteReaders?, clock: @escaping @Sendable () -> Date
    ) {
        var continuation: AsyncStream<StoreChange>.Continuation?
        if configuration.complianceInterval != nil {
            let (stream, feed) = AsyncStream.makeStream(of: StoreChange.self, bufferingPolicy: .bufferingNewest(10_000))
            changes = stream
            continuation = feed
        } else {
            changes = nil
        }
        let sealer = configuration.checkpointSettle.map { CheckpointSealer(settle: $0) }
        let store = Store(
            audit: AuditLog(clock: clock, sealer: sealer), durability: durability, changes: continuation,
            writer: writer)
        self.configuration = configuration
        self.store = store
        self.accounts = AccountRepository(store: store)
        self.accountChanges = AccountChangeRepository(store: store, clock: clock)
        self.organisation = OrganisationRepository(store: store)
        self.secrecyOrganisation = SecrecyOrganisationRepository(store: store)
        self.sessions = SessionRepository(store: store)
        self.settings = SettingsRepository(store: store)
        self.carriers = CarrierRepository(store: store, clock: clock)
        self.copySteps = CopyStepRepository(store: store, clock: clock)
        self.places = StoragePlaceRepository(store: store)
        self.requests = RequestRepository(store: store, clock: clock)
        self.chains = ChainCatalogue(store: store, clock: clock)
        self.delegations = Delegations(store: store, clock: clock)
        // On PostgreSQL in the database, so that every instance sharing it serves every attachment (#14).
        if case .postgres = configuration.database {
            self.attachments = RequestAttachmentRepository(store: store, content: .database)
        } else {
            self.attachments = RequestAttachmentRepository(
                store: store, content: .folder(in: configuration.dataDirectory))
        }
        self.inventories = InventoryRepository(store: store, clock: clock)
        self.clearances = ClearanceRepository(store: store, clock: clock)
        self.compliance = ComplianceRepository(store: store, clock: clock)
        self.checkpoints = AuditCheckpoints(
            signer: signer, store: store, journal: CheckpointJournal(file: configuration.checkpointJournalFile))
        self.sealer = sealer
        self.signer = signer
        self.passwords = PasswordHasher(cost: configuration.bcryptCost)
        self.clock = clock
        self.readers = readers
    }
}

struct ServicesKey: StorageKey {
    typealias Value = BaomiServices
}

extension Application {
    var baomi: BaomiServices {
        guard let services = storage[ServicesKey.self] else {
            fatalError("configure(_:_:) sets the services before any route runs")
        }
        return services
    }
}

extension Request {
    var baomi: BaomiServices { application.baomi }

    /// Where this request's hot reads go: on SQLite a read-only connection used on the calling thread, else `db`.
    /// Only for reads: a write through it fails.
    var reads: any Database { baomi.readers?.database(on: eventLoop, logger: logger) ?? db }
}

extension Application {
    /// As `Request.reads`, for work of the server's own (the compliance re-check after each change).
    var reads: any Database { baomi.readers?.database(on: eventLoopGroup.any(), logger: logger) ?? db }
}

/// Bcrypt through Vapor, run on NIO's blocking-work pool because a hash takes tens of milliseconds by design: in
/// the server Swift concurrency's tasks run on the event loops (`Baomi.main`), which must never wait that long.
struct PasswordHasher: Sendable {
    let cost: Int

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { try Bcrypt.verify(password, created: hash) }) ?? false
    }
}
