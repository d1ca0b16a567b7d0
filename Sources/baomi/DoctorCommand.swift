import ArgumentParser
import BaomiDomain
import BaomiPersistence
import BaomiServer
import Foundation

/// `baomi doctor`: the health of the installation, each problem named; exit 1 when there is one (#17).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "检查安装是否健康：权限、磁盘、数据库、迁移、时钟、备份、证书 / Check the installation: permissions, disk, "
            + "database, migrations, clock, backups, certificate.",
        discussion: """
            Reads only. Exit status 1 when any check finds a problem, 0 otherwise (warnings included). The same \
            figures are on /metrics. The certificate is read from BAOMI_TLS_CERT and BAOMI_TLS_KEY when set. \
            只读检查；发现问题时退出码为 1。
            """)

    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Flag(help: "也做较慢的检查（SQLite 完整性）/ Also run the slow checks (SQLite's integrity check).")
    var thorough = false

    func run() async throws {
        let configuration = data.configuration(checkpointInterval: nil)
        let environment = ProcessInfo.processInfo.environment
        var tls: ServerTLS?
        if let certificate = environment["BAOMI_TLS_CERT"], let key = environment["BAOMI_TLS_KEY"],
            !certificate.isEmpty, !key.isEmpty
        {
            tls = try ServerTLS(certificateFile: certificate, keyFile: key)
        }
        let report = try await DoctorRun.run(configuration, tls: tls, thorough: thorough)
        for check in report.checks {
            let mark =
                switch check.status {
                case .ok: "✓"
                case .warning: "⚠"
                case .problem: "✗"
                }
            print("\(mark) [\(check.name)] \(check.detail.zh) / \(check.detail.en)")
        }
        if report.worst == .problem { throw ExitCode(1) }
    }
}
