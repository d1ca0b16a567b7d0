import ArgumentParser
import BaomiServer
import Foundation

/// `baomi digest`: the daily compliance e-mail (REMIND) on demand.
struct DigestCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "列出每日合规摘要邮件的收件人，或立即发送 / List who gets the daily compliance digest, or send it now "
            + "(--send-now).",
        discussion: """
            E-mail is off unless BAOMI_SMTP_HOST is set; see README "E-mail digests". Without --send-now nothing is
            sent: the command lists each recipient and how many open findings their e-mail would count.
            """)

    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Flag(help: "立即发送，而不只列出收件人 / Send the digest now instead of only listing its recipients.")
    var sendNow = false
    @ArgumentParser.Option(help: "只发给此账户（用户名）/ Only this account (user name).")
    var to: String?

    func run() async throws {
        var configuration = data.configuration(checkpointInterval: nil)
        do {
            configuration.mail = try MailConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            print("邮件配置错误 / Mail settings: \(error)")
            throw ExitCode(1)
        }
        let lines: [DigestCommand.Line]
        do {
            lines = try await DigestCommand.run(configuration: configuration, username: to, send: sendNow)
        } catch let failure as CommandLineFailure {
            print(failure)
            throw ExitCode(1)
        }
        if lines.isEmpty { print("没有需要发送的合规提醒 / Nobody has open findings and an e-mail address") }
        for line in lines {
            let state =
                !sendNow ? "待发送 / would send" : line.error.map { "失败 / failed: \($0)" } ?? "已发送 / sent"
            print("\(line.username) <\(line.email)>: \(line.findings) — \(state)")
        }
        if lines.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}
