import BaomiPersistence
import SQLKit

/// Drops a scratch PostgreSQL database a test created beside the shared one (a restore target, a second server's);
/// nil when the test ran on SQLite and made none, so there is nothing to drop.
func dropTestDatabase(_ postgres: (admin: String, name: String)?) async {
    guard let postgres, let admin = try? StandaloneDatabase(.postgres(url: postgres.admin)) else { return }
    try? await admin.database.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: postgres.name) WITH (FORCE)").run()
    await admin.shutdown()
}
