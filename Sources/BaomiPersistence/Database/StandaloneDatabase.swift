import FluentKit
import Foundation
import Logging
import NIOCore
import NIOPosix

/// A database opened without a web server: for the command line, the tests and the benchmarks.
public final class StandaloneDatabase: Sendable {
    public let databases: Databases
    public let location: DatabaseLocation
    /// With `groupCommit` on an SQLite file: the barrier a `Store` writing here must await (`Store(durability:)`).
    public let durability: DurabilityBarrier?

    /// `groupCommit`: SQLite commits without their own fsync and writers share the barrier's (`DurabilityBarrier`),
    /// as the server runs; off, every commit fsyncs (`synchronous=FULL`) and any `Store` is durable here.
    public init(_ location: DatabaseLocation, groupCommit: Bool = false) throws {
        self.location = location
        try location.preparePrivateFiles()
        durability = groupCommit ? location.makeDurabilityBarrier() : nil
        databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try location.configurationFactory(), as: .init(string: "baomi"), isDefault: true)
    }

    public var database: any Database {
        var logger = Logger(label: "baomi.database")
        logger.logLevel = .error
        guard let database = databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()) else {
            preconditionFailure("init registers the default database")
        }
        return database
    }

    /// Applies every migration not yet applied, as the server does at start-up.
    public func migrate() async throws {
        try await DatabaseTuning.apply(to: databases, groupCommit: durability != nil)
        let migrations = Migrations()
        migrations.add(BaomiMigrations.all)
        var logger = Logger(label: "baomi.migrate")
        logger.logLevel = .warning
        let migrator = Migrator(
            databases: databases, migrations: migrations, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        // Migrations commit outside any `Store`.
        try await durability?.sync()
    }

    public func shutdown() async {
        await databases.shutdownAsync()
    }
}
