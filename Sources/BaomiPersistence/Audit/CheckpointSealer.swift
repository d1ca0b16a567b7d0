import Logging
import Synchronization

/// Signs a checkpoint shortly after each burst of audit records (S2): what was written is under a signature, and in
/// the checkpoint journal, within about a second — not up to a minute later, when a deleted tail would go unnoticed.
///
/// `AuditLog.append` tells it of every append (`noteAppend`: one lock, never a wait, nothing on the write path).
/// The first append of a burst schedules one seal `settle` later; appends until then join it, and appends while it
/// runs schedule the next. A seal takes the write gate (SQLite) or the log's advisory lock (PostgreSQL), so it runs
/// after the transaction that appended has committed or rolled back, and covers everything committed by then.
public final class CheckpointSealer: Sendable {
    public typealias Seal = @Sendable () async throws -> Void
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    private enum Phase {
        case idle
        /// A seal is scheduled and has not begun: later appends join it.
        case waiting
        /// A seal is running; `again` when records were appended since it began.
        case sealing(again: Bool)
        case stopped
    }

    private struct State {
        var phase = Phase.idle
        var seal: Seal?
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())
    let settle: Duration
    private let sleep: Sleep
    private let logger: Logger

    /// `sleep` waits out the settle time; tests pass one they control.
    public init(
        settle: Duration = .milliseconds(500), sleep: @escaping Sleep = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "baomi.audit.checkpoints")
    ) {
        self.settle = settle
        self.sleep = sleep
        self.logger = logger
    }

    /// Starts sealing with `seal` (which signs and journals a checkpoint of the log as it is), and schedules a first
    /// seal for whatever the log holds beyond its last checkpoint.
    public func start(_ seal: @escaping Seal) {
        state.withLock { state in
            if case .stopped = state.phase { return }
            state.seal = seal
        }
        noteAppend()
    }

    /// Called for every append, inside the appending transaction.
    func noteAppend() {
        state.withLock { state in
            guard state.seal != nil else { return }
            switch state.phase {
            case .idle:
                state.phase = .waiting
                state.task = Task { await self.run() }
            case .sealing:
                state.phase = .sealing(again: true)
            case .waiting, .stopped:
                break
            }
        }
    }

    private func run() async {
        while true {
            try? await sleep(settle)
            let seal: Seal? = state.withLock { state in
                guard case .waiting = state.phase else { return nil }
                state.phase = .sealing(again: false)
                return state.seal
            }
            guard let seal else { return }
            do {
                try await seal()
            } catch {
                // The next burst, or the periodic backstop, seals again.
                logger.warning("could not sign an audit checkpoint: \(String(reflecting: error))")
            }
            let again = state.withLock { state in
                switch state.phase {
                case .sealing(again: true):
                    state.phase = .waiting
                    return true
                case .sealing(again: false):
                    state.phase = .idle
                    state.task = nil
                    return false
                case .idle, .waiting, .stopped:
                    return false
                }
            }
            if !again { return }
        }
    }

    /// Stops sealing: a scheduled seal is dropped, a running one finishes. The caller signs the last checkpoint.
    public func stop() async {
        let (task, waiting) = state.withLock { state in
            defer { state.phase = .stopped }
            if case .waiting = state.phase { return (state.task, true) }
            return (state.task, false)
        }
        // Only the wait is cut short: a seal already running is left to finish undisturbed.
        if waiting { task?.cancel() }
        await task?.value
    }

    /// Returns once no seal is scheduled or running: for tests, which then read what it signed.
    public func idle() async {
        while let task = state.withLock({ $0.task }) {
            await task.value
            if state.withLock({ $0.task }) == task { return }
        }
    }
}
