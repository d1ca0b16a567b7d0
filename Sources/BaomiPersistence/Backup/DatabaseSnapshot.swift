import FluentKit
import Foundation
import SQLKit

/// A consistent copy of the database taken while the server runs and writes go on, with the facts the manifest
/// states about it, all read from that same snapshot.
struct DatabaseSnapshot {
    var file: URL
    var migrations: [String]
    var counts: [String: Int64]
    var checkpoint: BackupManifest.Checkpoint?

    /// SQLite: `VACUUM INTO` copies the database as one read transaction sees it — writers carry on meanwhile — into
    /// a compact file, which is then opened to count what it holds.
    static func sqlite(from database: any Database, into file: URL) async throws -> DatabaseSnapshot {
        try await database.sql.raw("VACUUM INTO \(bind: file.path)").run()
        let copy = try StandaloneDatabase(.sqlite(path: file.path))
        do {
            let facts = try await Facts.read(on: copy.database)
            await copy.shutdown()
            return DatabaseSnapshot(
                file: file, migrations: facts.migrations, counts: facts.counts, checkpoint: facts.checkpoint)
        } catch {
            await copy.shutdown()
            throw error
        }
    }

    /// PostgreSQL: one REPEATABLE READ transaction exports its snapshot; `pg_dump` dumps exactly that snapshot (custom
    /// format) while the same transaction counts the rows, so the manifest and the dump agree however busy the
    /// server is.
    static func postgres(url: String, from database: any Database, into file: URL) async throws -> DatabaseSnapshot {
        try await database.transaction { transaction in
            let sql = try transaction.sql
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS id").first()?.decode(
                column: "id", as: String.self)
            guard let snapshot else { throw BackupError.failed("PostgreSQL exported no snapshot / 未能导出快照") }
            try await PostgresTools.run(
                "pg_dump",
                ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot)", "--file=\(file.path)"],
                url: url)
            let facts = try await Facts.read(on: transaction)
            return DatabaseSnapshot(
                file: file, migrations: facts.migrations, counts: facts.counts, checkpoint: facts.checkpoint)
        }
    }

    /// Migrations, row counts and the newest signed checkpoint of a database.
    struct Facts {
        var migrations: [String]
        var counts: [String: Int64]
        var checkpoint: BackupManifest.Checkpoint?

        static func read(on database: any Database) async throws -> Facts {
            let sql = try database.sql
            let tables: [String]
            switch try SQLDialectKind(database) {
            case .postgres:
                tables = try await sql.raw(
                    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
                ).all().map { try $0.decode(column: "name", as: String.self) }
            case .sqlite:
                // FTS5's shadow tables belong to the search index, which is rebuilt from the carriers.
                tables = try await sql.raw(
                    """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                        AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'carrier_search_%'
                    ORDER BY name
                    """
                ).all().map { try $0.decode(column: "name", as: String.self) }
            }
            var counts: [String: Int64] = [:]
            for table in tables {
                counts[table] =
                    try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(
                        column: "n", as: Int64.self) ?? 0
            }
            let migrations =
                tables.contains("_fluent_migrations")
                ? try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name").all().map {
                    try $0.decode(column: "name", as: String.self)
                } : []
            let row = try await sql.raw(
                "SELECT tree_size, root_hash, signed_at, key_id, signature FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1"
            ).first()
            let checkpoint = try row.map {
                BackupManifest.Checkpoint(
                    treeSize: try $0.decode(column: "tree_size", as: Int64.self),
                    rootHash: try $0.decode(column: "root_hash", as: String.self),
                    signedAt: try $0.decode(column: "signed_at", as: String.self),
                    keyID: try $0.decode(column: "key_id", as: String.self),
                    signature: try $0.decode(column: "signature", as: String.self))
            }
            return Facts(migrations: migrations, counts: counts, checkpoint: checkpoint)
        }
    }
}

/// PostgreSQL's own client programs (`pg_dump`, `pg_restore`): found on the PATH or in Debian's
/// `/usr/lib/postgresql/<version>/bin`, newest version first, and run with their errors reported in full.
enum PostgresTools {
    static func find(_ name: String) -> URL? {
        var candidates: [String] = []
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            candidates.append("/usr/lib/postgresql/\(version)/bin/\(name)")
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(folder)/\(name)")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map(URL.init(fileURLWithPath:))
    }

    /// Runs the program against the database at `url`. The password travels in `PGPASSWORD`, not on the command
    /// line, where any local user could read it in the process list.
    static func run(_ name: String, _ arguments: [String], url: String) async throws {
        guard let executable = find(name) else { throw BackupError.toolMissing(name) }
        var components = URLComponents(string: url)
        var environment = ProcessInfo.processInfo.environment
        if let password = components?.password {
            environment["PGPASSWORD"] = password
            components?.password = nil
        }
        let target = components?.string ?? url
        let childEnvironment = environment
        try await NIOThreadPool.singleton.runIfActive {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments + [name == "pg_restore" ? "--dbname=\(target)" : target]
            process.environment = childEnvironment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let output = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw BackupError.failed(
                    "\(name) 失败 / failed (\(process.terminationStatus)): \(String(decoding: output, as: UTF8.self))")
            }
        }
    }
}
