import BaomiDomain
import BaomiPersistence
import Foundation

/// Everything Baomi needs to know at start-up. `baomi serve` fills it from flags and the environment; tests build
/// one pointing at a temporary folder.
public struct BaomiConfiguration: Sendable {
    /// The data folder: the SQLite file, the audit signing key.
    public var dataDirectory: URL
    public var database: DatabaseLocation
    /// `BAOMI_INITIAL_PASSWORD`: the first password of the three built-in accounts; random when nil.
    public var initialPassword: String?
    /// Mark session cookies `Secure` (behind TLS).
    public var secureCookies: Bool
    /// Believe `X-Forwarded-For` for the audit trail's client address (only behind a reverse proxy).
    public var trustProxy: Bool
    /// Bcrypt cost; tests lower it to stay fast.
    public var bcryptCost: Int
    /// How often the server signs a checkpoint of a grown audit log, as a backstop to `checkpointSettle`.
    public var checkpointInterval: Duration?
    /// How soon after a burst of audit records a checkpoint of them is signed and journaled (S2); nil: only when
    /// asked, at start and at shutdown.
    public var checkpointSettle: Duration? = .milliseconds(500)
    /// `BAOMI_CHECKPOINT_JOURNAL`: the checkpoint journal, for several instances sharing one PostgreSQL a file they
    /// all reach and the database's administrators do not; nil: `audit-checkpoints.journal` in the data folder.
    public var checkpointJournal: URL? = nil
    /// How often the compliance engine runs every check (REMIND); it also runs at start and re-checks after each
    /// change. nil: only when asked (`baomi check`, the API, the tests).
    public var complianceInterval: Duration?
    /// Where the first-start passwords are announced; the console by default, never a log (S3).
    public var announce: @Sendable (String) -> Void
    /// The SMTP relay and daily digest (`BAOMI_SMTP_*`, `BAOMI_DIGEST_HOUR`, `BAOMI_BASE_URL`); nil: no e-mail
    /// ever leaves the machine.
    public var mail: MailConfiguration? = nil
    /// HTTPS served by Baomi itself; with it cookies are `Secure` and answers carry HSTS (S3).
    public var tls: ServerTLS? = nil
    /// The server's daily backup (`BAOMI_BACKUP_DIR`, `BAOMI_BACKUP_HOUR`, `BAOMI_BACKUP_KEEP`); nil: none.
    public var backup: BackupConfiguration? = nil
    /// SQLite: how long a write waits for the file's write lock while another process holds it, off the event
    /// loops, before it fails with nothing written (503 with `Retry-After` in the server). The server's short bound
    /// by default; the command line waits longer (`CommandLineSession`).
    public var writeLockWait: Duration = SQLiteWriter.serverLockWait
    /// `BAOMI_ATTACHMENT_MAX_MB`: the largest attachment a request takes, in bytes (#14); 20 MB by default.
    public var attachmentLimit: Int = AttachmentRules.defaultLimit

    public init(
        dataDirectory: URL, database: DatabaseLocation? = nil, initialPassword: String? = nil,
        secureCookies: Bool = false, trustProxy: Bool = false, bcryptCost: Int = 12,
        checkpointInterval: Duration? = .seconds(60), complianceInterval: Duration? = nil,
        announce: @escaping @Sendable (String) -> Void = { print($0) }
    ) {
        self.dataDirectory = dataDirectory
        self.database = database ?? DatabaseLocation.resolve(databaseURL: nil, dataDirectory: dataDirectory)
        self.initialPassword = initialPassword
        self.secureCookies = secureCookies
        self.trustProxy = trustProxy
        self.bcryptCost = bcryptCost
        self.checkpointInterval = checkpointInterval
        self.complianceInterval = complianceInterval
        self.announce = announce
    }

    /// Where each signed checkpoint is appended outside the database (S2).
    public var checkpointJournalFile: URL { checkpointJournal ?? CheckpointJournal.file(in: dataDirectory) }

    /// The data folder from `BAOMI_DATA_DIR`, else `./baomi-data`.
    public static func dataDirectory(from environment: [String: String], flag: String? = nil) -> URL {
        let path = flag ?? environment["BAOMI_DATA_DIR"] ?? "baomi-data"
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }
}
