import Foundation

/// How many tests of this target hold a PostgreSQL database at once. Swift Testing starts every test together, and
/// each configured app opens up to eight pooled connections; unbounded, a run exhausts the server's
/// `max_connections` and tests fail with "too many clients" rather than on what they check. SQLite needs no limit.
actor PostgresTestSlots {
    static let shared = PostgresTestSlots(slots: 6)
    /// Set while a test holds a slot, so a helper it calls that would take one again (a nested app) does not wait on
    /// itself.
    @TaskLocal static var held = false

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int) { free = slots }

    /// Runs `body` holding one slot when the run is on PostgreSQL; at once otherwise.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        guard testsRunOnPostgres, !held else { return try await body() }
        await shared.acquire()
        do {
            let result = try await $held.withValue(true) { try await body() }
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
