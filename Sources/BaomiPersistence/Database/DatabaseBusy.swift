import SQLiteNIO

/// Another connection — in practice another process, such as a `baomi import carriers` from the command line — held
/// the SQLite file's write lock for longer than this write could wait (`SQLiteWriter.lockWait`). The write never
/// began, so nothing of it was written (S4); it is not a decision of any rule, so no audit record says it was refused:
/// a write that cannot take the lock could not write that record either. The server answers 503 with `Retry-After`.
public struct DatabaseBusy: Error, Sendable, CustomStringConvertible {
    /// How long the write waited for the lock before giving up.
    public var waited: Duration

    public init(waited: Duration) {
        self.waited = waited
    }

    /// What a client is told to wait before it tries again (`Retry-After`): a little longer than a write waits, so a
    /// retry usually finds the other process done or, if not, gives it the same chance again.
    public static let retryAfterSeconds = 5

    public var description: String {
        "The SQLite database is held by another process; the write was not made (waited \(waited))"
    }

    /// `error` as a lock wait that ran out: ours, or SQLite's own `SQLITE_BUSY` from a Fluent connection whose busy
    /// timeout passed (`DatabaseTuning.apply`). Nil for anything else.
    public static func matching(_ error: any Error) -> DatabaseBusy? {
        switch error {
        case let busy as DatabaseBusy: return busy
        case let sqlite as SynchronousSQLiteError where sqlite.isBusy: return DatabaseBusy(waited: .zero)
        case let sqlite as SQLiteError:
            switch sqlite.reason {
            case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout: return DatabaseBusy(waited: .zero)
            default: return nil
            }
        default: return nil
        }
    }
}
