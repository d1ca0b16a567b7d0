/// Lets one write transaction run at a time in this process.
///
/// SQLite allows one writer; two deferred transactions that both try to upgrade to a write lock deadlock and one
/// fails with SQLITE_BUSY. Queueing writers here turns that failure into a short wait. On PostgreSQL the gate is
/// not used: the database orders writers itself, across server instances too.
public actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            // Hand the gate straight to the next writer so no newcomer can overtake it.
            waiters.removeFirst().resume()
        }
    }
}
