import Foundation
import Vapor

/// Sends the daily digest at the configured hour in the organisation's time zone (REMIND). Registered only when
/// e-mail is configured; a failed run is logged and audited, and the next day tries again.
struct DigestSchedule: LifecycleHandler {
    let mail: MailConfiguration

    static let zone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

    /// The first `hour`:00 in Asia/Shanghai strictly after `now`: a restart during the hour does not send twice.
    static func nextRun(after now: Date, hour: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.nextDate(
            after: now, matching: DateComponents(hour: hour, minute: 0, second: 0), matchingPolicy: .nextTime)
            ?? now.addingTimeInterval(86_400)
    }

    func didBootAsync(_ application: Application) async throws {
        let hour = mail.digestHour
        let task = Task {
            while !Task.isCancelled {
                let now = application.baomi.clock()
                let wait = max(1, nextRun(after: now, hour: hour).timeIntervalSince(now))
                do {
                    try await Task.sleep(for: .seconds(wait))
                } catch {
                    break
                }
                do {
                    _ = try await Digest.send(application, trigger: "schedule")
                } catch {
                    application.logger.warning("digest run failed: \(String(reflecting: error))")
                }
            }
        }
        application.storage[DigestTaskKey.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[DigestTaskKey.self]?.cancel()
    }

    private func nextRun(after now: Date, hour: Int) -> Date { Self.nextRun(after: now, hour: hour) }
}

struct DigestTaskKey: StorageKey {
    typealias Value = Task<Void, Never>
}
