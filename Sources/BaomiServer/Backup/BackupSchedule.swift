import BaomiPersistence
import Foundation
import Vapor

/// Where and when the server takes its own backups: `BAOMI_BACKUP_DIR` (nothing happens without it),
/// `BAOMI_BACKUP_HOUR` (0–23 in Asia/Shanghai, default 2) and `BAOMI_BACKUP_KEEP` (how many to keep, default 14).
public struct BackupConfiguration: Sendable, Hashable {
    public var directory: URL
    public var hour: Int
    public var keep: Int

    public init(directory: URL, hour: Int = 2, keep: Int = 14) {
        self.directory = directory
        self.hour = hour
        self.keep = keep
    }

    /// nil when `BAOMI_BACKUP_DIR` is unset; an error naming the variable when a value cannot work.
    public static func fromEnvironment(_ environment: [String: String]) throws -> BackupConfiguration? {
        guard let path = environment["BAOMI_BACKUP_DIR"], !path.isEmpty else { return nil }
        func number(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw BackupError.failed(
                    "\(name) 须为 \(range.lowerBound)–\(range.upperBound) 的整数 / \(name) must be a whole number from "
                        + "\(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        return BackupConfiguration(
            directory: URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL,
            hour: try number("BAOMI_BACKUP_HOUR", default: 2, in: 0...23),
            keep: try number("BAOMI_BACKUP_KEEP", default: 14, in: 1...3650))
    }
}

/// The server's daily backup (S2): at the configured hour, into the backup folder, keeping the newest few. Each
/// run is audited; a failed or missed one becomes a finding for the security office (`backupMissing`).
struct BackupSchedule: LifecycleHandler {
    let backup: BackupConfiguration

    static let prefix = "baomi-backup-"

    func didBootAsync(_ application: Application) async throws {
        let backup = backup
        let task = Task {
            while !Task.isCancelled {
                let now = application.baomi.clock()
                let wait = max(1, DigestSchedule.nextRun(after: now, hour: backup.hour).timeIntervalSince(now))
                do {
                    try await Task.sleep(for: .seconds(wait))
                } catch {
                    break
                }
                do {
                    _ = try await Self.run(application, backup: backup)
                } catch {
                    application.logger.error("scheduled backup failed: \(String(describing: error))")
                }
            }
        }
        application.storage[BackupTaskKey.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[BackupTaskKey.self]?.cancel()
    }

    /// One scheduled backup: a new archive named by its time, then the oldest beyond `keep` removed.
    @discardableResult
    static func run(_ application: Application, backup: BackupConfiguration) async throws -> URL {
        try PrivateFiles.createDirectory(backup.directory)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = DigestSchedule.zone
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let file = backup.directory.appendingPathComponent(
            prefix + formatter.string(from: application.baomi.clock()) + ".zip")
        _ = try await Backups.take(application, to: file, actor: .system, trigger: "schedule")
        let archives = try FileManager.default.contentsOfDirectory(atPath: backup.directory.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".zip") }.sorted()
        for old in archives.dropLast(backup.keep) {
            try? FileManager.default.removeItem(at: backup.directory.appendingPathComponent(old))
        }
        return file
    }
}

struct BackupTaskKey: StorageKey {
    typealias Value = Task<Void, Never>
}
