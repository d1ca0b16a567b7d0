import ArgumentParser
import BaomiDomain
import BaomiPersistence
import BaomiServer
import Foundation

/// `baomi check`: the compliance engine once, from the command line (REMIND).
struct CheckCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "运行一次全部合规检查，保存并列出未关闭的提醒 / Run every compliance check once, store the findings and "
            + "print the open ones.",
        discussion: """
            The server runs the same checks at start, every 15 minutes and after each change. Exit status 0; with
            --fail-on overdue (or warning), 2 when an open finding is at least that severe, for scripts.
            """)

    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Option(
        help: ArgumentHelp(
            "notice、warning 或 overdue：有不低于此级别的提醒时退出码为 2 / notice, warning or overdue: exit 2 when "
                + "an open finding is at least this severe."))
    var failOn: String?

    func run() async throws {
        let threshold = try failOn.map { value in
            guard let severity = FindingSeverity(rawValue: value) else {
                throw ValidationError("--fail-on 只能是 notice、warning 或 overdue / is notice, warning or overdue")
            }
            return severity
        }
        let report = try await ComplianceCheckCommand.run(configuration: data.configuration(checkpointInterval: nil))
        let summary = report.summary
        print(
            "合规检查完成 / Compliance check done in \(String(format: "%.2f", summary.seconds)) s: "
                + "新发现 \(summary.opened)、更新 \(summary.updated)、关闭 \(summary.closed) / "
                + "\(summary.opened) opened, \(summary.updated) updated, \(summary.closed) closed")
        let findings = report.findings.sorted { lhs, rhs in
            lhs.severity != rhs.severity ? lhs.severity > rhs.severity : (lhs.due ?? "9999") < (rhs.due ?? "9999")
        }
        print("未关闭的提醒 / Open findings: \(findings.count)")
        for finding in findings {
            print(
                "[\(finding.severity.title.zh) \(finding.severity.rawValue)] \(finding.rule) \(finding.subject.label)"
                    + (finding.due.map { " 期限 due \($0)" } ?? ""))
            print("    \(finding.explanation.zh)")
            print("    \(finding.explanation.en)")
        }
        if let threshold, findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(2) }
    }
}
