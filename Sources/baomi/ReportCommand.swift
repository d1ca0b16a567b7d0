import ArgumentParser
import BaomiServer
import Foundation

/// `baomi report …`: a report of the 报表 page as CSV, or the self-inspection figures as text (LEDGERS.md, I2).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "导出台账（CSV）或汇总年度自查数字 / Write a report (台账) as CSV, or summarise the year's self-inspection "
            + "figures.",
        discussion: """
            Reports: \(ReportCommands.names.joined(separator: ", ")). A ledger is written as CSV (UTF-8 with BOM, \
            Chinese headers) with every row, however many; `self-inspection` prints the year's figures and the open \
            findings per rule. With --as the report is what that account may see: its clearance (A2) and, for a \
            department secrecy officer, its department (T5.2).
            """)

    @ArgumentParser.Argument(
        help: "报表名，如 carrierLedger 或 self-inspection / The report, e.g. carrierLedger or self-inspection.") var name:
        String
    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Option(help: "年份（四位）/ The year (four digits).") var year: String?
    @ArgumentParser.Option(help: "只含此密级，如 secret / Only this level, e.g. secret.") var level: String?
    @ArgumentParser.Option(help: "只含此编码的部门 / Only the department with this code.") var department: String?
    @ArgumentParser.Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "Act as this account (保密办, 部门保密员 or 主管领导; default: system, which sees everything).",
            valueName: "username"))
    var username: String?
    @ArgumentParser.Option(
        name: .shortAndLong, help: "写入此文件（缺省为标准输出）/ Write the CSV to this file (default: standard output).")
    var output: String?

    func run() async throws {
        let options = ReportCommands.Options(
            name: name, year: year, level: level, departmentCode: department, username: username)
        let configuration = data.configuration(checkpointInterval: nil)
        do {
            if name == "self-inspection" {
                print(try await ReportCommands.selfInspection(options, configuration: configuration))
                return
            }
            let url = output.map { URL(fileURLWithPath: $0) }
            let rows = try await ReportCommands.export(options, to: url, configuration: configuration)
            let message = "已导出 \(rows) 行 / Exported \(rows) rows" + (url.map { " → \($0.path)" } ?? "")
            // With the report on standard output, the message goes to standard error.
            if url == nil {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            } else {
                print(message)
            }
        } catch let failure as CommandLineFailure {
            FileHandle.standardError.write(Data("报表被拒绝 / Report refused: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }
}
