import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import SQLKit

/// `baomi doctor`: what an operator asks of an installation, each answer named and, where it is a quantity, a
/// figure `/metrics` shows too. Reads only: it changes nothing, not even the migrations.
public enum Doctor {
    public enum Status: String, Sendable, Comparable {
        case ok, warning, problem

        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
        private var rank: Int {
            switch self {
            case .ok: 0
            case .warning: 1
            case .problem: 2
            }
        }
    }

    public struct Check: Sendable {
        public var name: String
        public var status: Status
        public var detail: LocalizedText
        /// The quantity behind it, for `/metrics` (`baomi_<metric>`), when there is one.
        public var metric: String?
        public var figure: Double?
    }

    public struct Report: Sendable {
        public var checks: [Check]
        public var worst: Status { checks.map(\.status).max() ?? .ok }
    }

    /// What the checks read.
    public struct Installation: Sendable {
        public var dataDirectory: URL
        public var database: DatabaseLocation
        public var journal: URL
        public var tlsCertificate: ServerTLS?
        public var now: Date

        public init(
            dataDirectory: URL, database: DatabaseLocation, journal: URL, tlsCertificate: ServerTLS?, now: Date
        ) {
            self.dataDirectory = dataDirectory
            self.database = database
            self.journal = journal
            self.tlsCertificate = tlsCertificate
            self.now = now
        }
    }

    /// Every check; `thorough` adds the slow ones (SQLite's integrity check reads the whole file).
    public static func run(
        _ installation: Installation, on database: any Database, thorough: Bool
    ) async throws -> Report {
        var checks = files(installation) + [disk(installation)]
        checks += try await databaseChecks(installation, on: database, thorough: thorough)
        checks.append(try await backupAge(installation, on: database))
        checks.append(try await clock(installation, on: database))
        if let tls = installation.tlsCertificate { checks.append(certificate(tls, now: installation.now)) }
        return Report(checks: checks)
    }

    private static func text(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }

    /// The data folder 0700, and the key, database and journal 0600 (S2): nobody else on the machine reads them.
    static func files(_ installation: Installation) -> [Check] {
        var files: [(String, Int)] = [
            (installation.dataDirectory.path, 0o700),
            (installation.dataDirectory.appendingPathComponent(CheckpointSigner.fileName).path, 0o600),
            (installation.journal.path, 0o600),
        ]
        if case .sqlite(let path) = installation.database { files.append((path, 0o600)) }
        var wide: [String] = []
        var missing: [String] = []
        for (path, mode) in files {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let permissions = attributes[.posixPermissions] as? Int
            else {
                missing.append(path)
                continue
            }
            if permissions & 0o077 != 0 {
                wide.append("\(path) \(String(permissions, radix: 8)) (\(String(mode, radix: 8)))")
            }
        }
        var checks: [Check] = []
        checks.append(
            Check(
                name: "permissions", status: wide.isEmpty ? .ok : .problem,
                detail: wide.isEmpty
                    ? text(
                        "数据目录、签名密钥、数据库和检查点日志仅属主可读写", "The data folder, key, database and journal are the owner's only")
                    : text(
                        "权限过宽（应为括号内的值）：\(wide.joined(separator: "；"))",
                        "Too wide (should be as bracketed): \(wide.joined(separator: "; "))")))
        if !missing.isEmpty {
            checks.append(
                Check(
                    name: "files", status: .problem,
                    detail: text("缺少：\(missing.joined(separator: "；"))", "Missing: \(missing.joined(separator: "; "))"))
            )
        }
        return checks
    }

    /// Room to write: less than 1 GiB or 5 % free on the data folder's disk is a problem, less than 5 GiB a warning.
    static func disk(_ installation: Installation) -> Check {
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: installation.dataDirectory.path)
        let free = (attributes?[.systemFreeSize] as? NSNumber)?.doubleValue ?? 0
        let size = (attributes?[.systemSize] as? NSNumber)?.doubleValue ?? 0
        let gib = free / 1_073_741_824
        let status: Status = gib < 1 || (size > 0 && free / size < 0.05) ? .problem : gib < 5 ? .warning : .ok
        return Check(
            name: "disk", status: status,
            detail: text(
                String(format: "数据目录所在磁盘剩余 %.1f GiB", gib),
                String(format: "%.1f GiB free on the data folder's disk", gib)),
            metric: "disk_free_bytes", figure: free)
    }

    static func databaseChecks(
        _ installation: Installation, on database: any Database, thorough: Bool
    ) async throws -> [Check] {
        let sql = try database.sql
        var checks: [Check] = []
        let applied =
            try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()?.decode(column: "n", as: Int.self)
            ?? 0
        let pending = BaomiMigrations.all.count - applied
        checks.append(
            Check(
                name: "migrations", status: pending == 0 ? .ok : .problem,
                detail: pending == 0
                    ? text("数据库结构是最新的（\(applied) 个迁移）", "The schema is current (\(applied) migrations)")
                    : text(
                        "有 \(pending) 个迁移未执行：运行 baomi migrate", "\(pending) migrations not applied: run baomi migrate"),
                metric: "migrations_pending", figure: Double(pending)))
        let triggers = try await AppendOnlyTriggers.missing(on: database)
        checks.append(
            Check(
                name: "audit-triggers", status: triggers.isEmpty ? .ok : .problem,
                detail: triggers.isEmpty
                    ? text("审计日志的只增保护触发器齐全", "The audit log's append-only triggers are in place")
                    : text(
                        "缺少审计保护触发器：\(triggers.joined(separator: "、"))（baomi migrate 会恢复）",
                        "Audit triggers missing: \(triggers.joined(separator: ", ")) (baomi migrate restores them)")))
        switch installation.database {
        case .sqlite:
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            checks.append(
                Check(
                    name: "durability", status: mode == "wal" ? .ok : .problem,
                    detail: text(
                        "SQLite 日志模式：\(mode ?? "?")（应为 wal）", "SQLite journal mode: \(mode ?? "?") (wal expected)")))
            if thorough {
                let result = try await sql.raw("PRAGMA integrity_check").all().compactMap {
                    try? $0.decode(column: "integrity_check", as: String.self)
                }
                let intact = result == ["ok"]
                checks.append(
                    Check(
                        name: "integrity", status: intact ? .ok : .problem,
                        detail: intact
                            ? text("数据库文件完整", "The database file is intact")
                            : text(
                                "数据库文件损坏：\(result.prefix(3).joined(separator: "；"))",
                                "The database file is damaged: \(result.prefix(3).joined(separator: "; "))")))
            }
        case .postgres:
            var unsafe: [String] = []
            for setting in ["fsync", "synchronous_commit", "full_page_writes"] {
                let value = try await sql.raw("SELECT current_setting(\(bind: setting)) AS v").first()?.decode(
                    column: "v", as: String.self)
                if value != "on" { unsafe.append("\(setting)=\(value ?? "?")") }
            }
            checks.append(
                Check(
                    name: "durability", status: unsafe.isEmpty ? .ok : .problem,
                    detail: unsafe.isEmpty
                        ? text(
                            "PostgreSQL 的持久化设置安全（fsync、synchronous_commit、full_page_writes）",
                            "PostgreSQL's durability settings are safe")
                        : text(
                            "PostgreSQL 的持久化设置不安全：\(unsafe.joined(separator: "、"))",
                            "PostgreSQL durability is off: \(unsafe.joined(separator: ", "))")))
        }
        return checks
    }

    /// The newest good backup (S2): older than a day is a problem, none ever a warning.
    static func backupAge(_ installation: Installation, on database: any Database) async throws -> Check {
        let latest = try await database.sql.raw(
            """
            SELECT recorded_at FROM audit_records WHERE action = \(bind: AuditAction.backupCreate.rawValue)
                AND outcome = 'success' ORDER BY leaf_index DESC LIMIT 1
            """
        ).first()?.decode(column: "recorded_at", as: String.self)
        guard let latest, let date = UTCTimestamp.date(from: latest) else {
            return Check(
                name: "backup", status: .warning,
                detail: text(
                    "从未备份：设置 BAOMI_BACKUP_DIR 或运行 baomi backup",
                    "Never backed up: set BAOMI_BACKUP_DIR or run baomi backup"))
        }
        let age = installation.now.timeIntervalSince(date)
        let hours = Int(age / 3_600)
        return Check(
            name: "backup", status: age > 26 * 3_600 ? .problem : .ok,
            detail: text("最近一次成功备份在 \(hours) 小时前", "The latest good backup is \(hours) hours old"),
            metric: "backup_age_seconds", figure: age)
    }

    /// The machine's clock against the log and the database: time going backwards breaks the order evidence relies
    /// on. The machine's own time, whatever clock the application was given.
    static func clock(_ installation: Installation, on database: any Database) async throws -> Check {
        let sql = try database.sql
        let machine = Date()
        // The newest record by its index, not MAX over ten million times.
        let newest = try await sql.raw("SELECT recorded_at AS at FROM audit_records ORDER BY leaf_index DESC LIMIT 1")
            .first()?.decode(column: "at", as: String?.self)
        var skew = 0.0
        var detail = text("系统时钟正常", "The clock is sane")
        if let newest, let date = UTCTimestamp.date(from: newest), date.timeIntervalSince(machine) > 300 {
            skew = date.timeIntervalSince(machine)
            detail = text(
                "最新审计记录比本机时钟晚 \(Int(skew)) 秒：时钟被拨回？",
                "The newest audit record is \(Int(skew)) s ahead of this clock: was it set back?")
        }
        if case .postgres = installation.database,
            let server = try await sql.raw("SELECT EXTRACT(EPOCH FROM now()) AS t").first()?.decode(
                column: "t", as: Double.self)
        {
            let drift = server - machine.timeIntervalSince1970
            if abs(drift) > 5 && abs(drift) > abs(skew) {
                skew = drift
                detail = text(
                    "本机时钟与数据库服务器相差 \(Int(drift)) 秒", "This clock is \(Int(drift)) s off the database server's")
            }
        }
        return Check(
            name: "clock", status: skew == 0 ? .ok : .problem, detail: detail, metric: "clock_skew_seconds",
            figure: skew)
    }

    /// The HTTPS certificate: expired is a problem, less than 30 days left a warning.
    static func certificate(_ tls: ServerTLS, now: Date) -> Check {
        let left = tls.expiry.timeIntervalSince(now)
        let days = Int(left / 86_400)
        let status: Status = left <= 0 ? .problem : days < 30 ? .warning : .ok
        return Check(
            name: "tls", status: status,
            detail: left <= 0
                ? text("HTTPS 证书已过期", "The HTTPS certificate has expired")
                : text("HTTPS 证书还有 \(days) 天到期", "The HTTPS certificate expires in \(days) days"),
            metric: "tls_certificate_expiry_seconds", figure: left)
    }
}
