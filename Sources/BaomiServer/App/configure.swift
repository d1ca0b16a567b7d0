import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Prometheus
import Vapor

/// Sets up a Baomi application: database, migrations, built-in accounts, middleware, routes, checkpoints.
public func configure(
    _ app: Application, _ configuration: BaomiConfiguration, clock: @escaping @Sendable () -> Date = { Date() }
) async throws {
    var configuration = configuration
    if let tls = configuration.tls {
        app.http.server.configuration.tlsConfiguration = tls.serverConfiguration
        // Over TLS the session cookie never travels in clear (S3).
        configuration.secureCookies = true
    }
    try AuditSealing.preparePrivateFiles(configuration)
    app.databases.use(try configuration.database.configurationFactory(), as: .init(string: "baomi"), isDefault: true)
    app.migrations.add(BaomiMigrations.all)
    // SQLite: group commit, every write awaits the barrier before it is acknowledged (DESIGN principle 2).
    let durability = configuration.database.makeDurabilityBarrier()
    try await DatabaseTuning.apply(
        to: app.databases, groupCommit: durability != nil, lockWait: configuration.writeLockWait)
    try await app.autoMigrate()
    // Migrations commit outside the store: on disk before the first request.
    try await durability?.sync()
    // SQLite: write transactions whole on a connection of their own (`SQLiteWriter`).
    var writer: SQLiteWriter?
    var readers: SQLiteReaders?
    if case .sqlite(let path) = configuration.database {
        readers = SQLiteReaders(path: path, lockWait: configuration.writeLockWait)
        let sqliteWriter = try SQLiteWriter(
            path: path, groupCommit: durability != nil, lockWait: configuration.writeLockWait)
        app.lifecycle.use(WriterShutdown(writer: sqliteWriter))
        writer = sqliteWriter
    }

    let signer = try CheckpointSigner.loadOrCreate(in: configuration.dataDirectory)
    app.storage[ServicesKey.self] = BaomiServices(
        configuration: configuration, signer: signer, durability: durability, writer: writer, readers: readers,
        clock: clock)
    // Shut down before the writer (handlers stop in reverse order): the last checkpoint is signed on an open database.
    app.lifecycle.use(AuditSealing.FinalCheckpoint())
    try await AuditSealing.restoreTriggers(app)
    try await Bootstrap.ensureBuiltInAccounts(app, configuration: configuration)
    try await AuditSealing.begin(app)

    let metrics = PrometheusCollectorRegistry()
    app.middleware = Middlewares()
    app.middleware.use(AccessLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(strictTransport: configuration.tls != nil))
    app.middleware.use(MetricsMiddleware(registry: metrics))
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(SessionMiddleware())
    app.routes.defaultMaxBodySize = "1mb"
    app.middleware.use(
        TextInputMiddleware(
            maxBodySize: app.routes.defaultMaxBodySize.value,
            uploadBodySize: configuration.attachmentLimit + AttachmentsController.formOverhead))
    app.middleware.use(FindingsBadgeMiddleware())
    app.middleware.use(InboxBadgeMiddleware())
    Routes.register(on: app, metrics: metrics)

    if let interval = configuration.checkpointInterval {
        app.lifecycle.use(CheckpointSchedule(interval: interval))
    }
    if let interval = configuration.complianceInterval {
        app.lifecycle.use(ComplianceSchedule(interval: interval))
    }
    if let mail = configuration.mail {
        app.lifecycle.use(DigestSchedule(mail: mail))
    }
    if let backup = configuration.backup {
        app.lifecycle.use(BackupSchedule(backup: backup))
    }
}

/// Closes the SQLite writer's connection when the application stops.
struct WriterShutdown: LifecycleHandler {
    let writer: SQLiteWriter

    func shutdownAsync(_ application: Application) async {
        writer.shutdown()
    }
}

/// Signs a checkpoint of the grown audit log now and then, so tampering is caught even between verifications (S2).
struct CheckpointSchedule: LifecycleHandler {
    let interval: Duration

    func didBootAsync(_ application: Application) async throws {
        let task = Task { [interval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                _ = try? await application.baomi.checkpoints.current(on: application.db)
            }
        }
        application.storage[CheckpointTaskKey.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[CheckpointTaskKey.self]?.cancel()
    }
}

struct CheckpointTaskKey: StorageKey {
    typealias Value = Task<Void, Never>
}
