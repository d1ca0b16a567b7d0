import ArgumentParser
import BaomiPersistence
import BaomiServer
import Foundation
import NIOCore
import NIOPosix
import Vapor

@main
struct Baomi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baomi",
        abstract: "Baomi 保密管理系统：保密办的登记与管理系统 / The secrecy office's system of record.",
        subcommands: [
            Serve.self, Migrate.self, Audit.self, Demo.self, ImportCommand.self, ExportCommand.self,
            DigestCommandLine.self, CheckCommandLine.self,
            ReportCommand.self, BackupCommand.self, RestoreCommand.self, DoctorCommand.self, ChainsCommand.self,
            QuestionsCommand.self, ExamsCommand.self,
        ],
        defaultSubcommand: Serve.self
    )

    /// Swift concurrency's jobs run on the server's event loops (NIO's singleton group, which Vapor serves on):
    /// a request's handler then runs on the thread that read it and writes its answer there, instead of crossing
    /// to the concurrency pool's threads and back at every step — each crossing a thread switch (issue #4).
    /// Installed first, before any task exists.
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every subcommand shares, so each one finds the same data folder and database.
struct DataOptions: ParsableArguments {
    @ArgumentParser.Option(
        name: .customLong("data-dir"), help: "数据目录 / Data folder (default: $BAOMI_DATA_DIR or ./baomi-data).")
    var dataDirectory: String?

    @ArgumentParser.Option(
        name: .customLong("database-url"),
        help: "PostgreSQL 连接串，缺省用数据目录中的 SQLite / postgres://… (default: $DATABASE_URL, else SQLite in the data folder)."
    )
    var databaseURL: String?

    @ArgumentParser.Option(
        name: .customLong("checkpoint-journal"),
        help: ArgumentHelp(
            "审计检查点日志文件；共用一个 PostgreSQL 的多个实例须指向同一文件 / The audit checkpoint journal (default: "
                + "$BAOMI_CHECKPOINT_JOURNAL, else in the data folder); instances sharing one PostgreSQL name one file "
                + "they all reach.", valueName: "file"))
    var checkpointJournal: String?

    func configuration(
        checkpointInterval: Duration? = .seconds(60), complianceInterval: Duration? = nil
    ) -> BaomiConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let folder = BaomiConfiguration.dataDirectory(from: environment, flag: dataDirectory)
        var configuration = BaomiConfiguration(
            dataDirectory: folder,
            database: DatabaseLocation.resolve(
                databaseURL: databaseURL ?? environment["DATABASE_URL"], dataDirectory: folder),
            initialPassword: environment["BAOMI_INITIAL_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
            secureCookies: environment["BAOMI_SECURE_COOKIES"] == "1",
            trustProxy: environment["BAOMI_TRUST_PROXY"] == "1",
            checkpointInterval: checkpointInterval, complianceInterval: complianceInterval)
        if let megabytes = environment["BAOMI_ATTACHMENT_MAX_MB"].flatMap(Int.init), megabytes > 0 {
            configuration.attachmentLimit = megabytes * 1024 * 1024
        }
        if let journal = checkpointJournal ?? environment["BAOMI_CHECKPOINT_JOURNAL"], !journal.isEmpty {
            configuration.checkpointJournal = URL(fileURLWithPath: journal)
        }
        return configuration
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "运行 Web 服务（页面与 API）/ Run the web server (pages and API).")

    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Option(help: "监听地址 / Address to listen on.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "监听端口 / Port to listen on.") var port = 8080
    @ArgumentParser.Option(
        help: "PEM 证书链，启用 HTTPS / PEM certificate chain (an internal CA's): serve HTTPS (or BAOMI_TLS_CERT).")
    var tlsCert: String?
    @ArgumentParser.Option(help: "PEM 私钥 / The certificate's PEM private key (or BAOMI_TLS_KEY).") var tlsKey: String?
    @ArgumentParser.Option(
        help: "在此端口把 http:// 请求重定向到 HTTPS / Redirect plain HTTP on this port to HTTPS.")
    var redirectHTTPPort: Int?
    @ArgumentParser.Option(
        help: "日志格式：text（默认）或 json（每行一个 JSON 对象）/ Log format: text (default) or json (or BAOMI_LOG_FORMAT).")
    var logFormat: String?
    @ArgumentParser.Option(
        help: ArgumentHelp(
            "停止时等待在途请求的最长秒数 / Seconds a stop waits for requests in flight (or BAOMI_SHUTDOWN_GRACE).",
            valueName: "seconds"))
    var shutdownGrace: Int?

    func run() async throws {
        // The compliance engine every 15 minutes, or every `BAOMI_COMPLIANCE_INTERVAL` seconds (REMIND).
        let seconds = ProcessInfo.processInfo.environment["BAOMI_COMPLIANCE_INTERVAL"].flatMap(Int.init) ?? 900
        var configuration = data.configuration(complianceInterval: .seconds(max(5, seconds)))
        // E-mail only when BAOMI_SMTP_HOST is set; a setting that cannot work stops the start (S3 for credentials).
        configuration.mail = try MailConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        // The daily backup only when BAOMI_BACKUP_DIR is set (S2).
        configuration.backup = try BackupConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        let environmentValues = ProcessInfo.processInfo.environment
        let certificate = tlsCert ?? environmentValues["BAOMI_TLS_CERT"].flatMap { $0.isEmpty ? nil : $0 }
        let key = tlsKey ?? environmentValues["BAOMI_TLS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (certificate, key) {
        case (let certificate?, let key?):
            configuration.tls = try ServerTLS(certificateFile: certificate, keyFile: key)
        case (nil, nil):
            if redirectHTTPPort != nil {
                throw ValidationError(
                    "--redirect-http-port 须与 --tls-cert、--tls-key 同用 / needs --tls-cert and --tls-key")
            }
        default:
            throw ValidationError("--tls-cert 与 --tls-key 须同时给出 / Give both --tls-cert and --tls-key")
        }
        var environment = try Environment.detect(arguments: ["baomi"])
        switch logFormat ?? environmentValues["BAOMI_LOG_FORMAT"] ?? "text" {
        case "json":
            let level = environmentValues["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case "text":
            try LoggingSystem.bootstrap(from: &environment)
        default:
            throw ValidationError("--log-format 只能是 text 或 json / is text or json")
        }
        let app = try await Application.make(environment)
        do {
            app.http.server.configuration.hostname = hostname
            app.http.server.configuration.port = port
            // SIGTERM stops accepting, lets requests in flight finish for at most this long, then the lifecycle
            // handlers sign a last checkpoint and close the database (#17).
            let grace = shutdownGrace ?? environmentValues["BAOMI_SHUTDOWN_GRACE"].flatMap(Int.init) ?? 10
            guard grace > 0 else { throw ValidationError("--shutdown-grace 须为正整数 / must be a positive number") }
            app.http.server.configuration.shutdownTimeout = .seconds(Int64(grace))
            print("Baomi 保密管理系统: \(configuration.database)")
            try await BaomiServer.configure(app, configuration)
            if let redirectHTTPPort {
                app.lifecycle.use(HTTPSRedirect(hostname: hostname, port: redirectHTTPPort, httpsPort: port))
            }
            print("Baomi 已启动 / running at \(configuration.tls == nil ? "http" : "https")://\(hostname):\(port)/")
            try await app.execute()
            // Vapor stops the HTTP server only after the lifecycle handlers have closed the database; stopped
            // first, requests in flight finish against an open database before the last checkpoint is signed.
            await app.server.shutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "建立或升级数据库和内置账户后退出 / Create or update the database and the built-in accounts, then exit.")

    @ArgumentParser.OptionGroup var data: DataOptions

    func run() async throws {
        let app = try await Application.make(.production)
        var configuration = data.configuration(checkpointInterval: nil)
        configuration.writeLockWait = SQLiteWriter.commandLineLockWait
        do {
            try await BaomiServer.configure(app, configuration)
            print("数据库已是最新 / The database is up to date: \(data.configuration().database)")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "防篡改审计日志（S2）/ The tamper-evident audit log (S2).", subcommands: [Verify.self, Prove.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "逐条重算审计记录和签名检查点并核对检查点日志与只增触发器 / Recompute every record and signed "
                + "checkpoint, check them against the checkpoint journal and the append-only triggers; exit 1 naming "
                + "every problem.")

        @ArgumentParser.OptionGroup var data: DataOptions

        func run() async throws {
            let configuration = data.configuration(checkpointInterval: nil)
            let report = try await AuditVerification.run(configuration)
            let rate = report.seconds > 0 ? Int(Double(report.recordsChecked) / report.seconds) : 0
            for warning in report.warnings { print("警告 / Warning: \(warning)") }
            if !report.problems.isEmpty {
                print("审计日志校验失败 / Audit log verification FAILED after \(report.recordsChecked) records:")
                for problem in report.problems {
                    if let index = problem.leafIndex { print("  第 \(index) 条记录 / record \(index)") }
                    print("  \(problem.message)")
                }
                throw ExitCode(1)
            }
            print(
                "审计日志完整 / Audit log intact: \(report.recordsChecked) records, \(report.checkpointsChecked) signed checkpoints "
                    + "(\(report.journalEntriesChecked) of them in the checkpoint journal), append-only triggers in place; "
                    + "checked in \(String(format: "%.3f", report.seconds)) s (\(rate) records/s)")
        }
    }
}
