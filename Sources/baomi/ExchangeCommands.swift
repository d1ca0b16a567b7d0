import ArgumentParser
import BaomiDomain
import BaomiPersistence
import BaomiServer
import Foundation

/// `baomi import …`: bulk registration from files.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "从文件批量登记 / Register records in bulk from a file.",
        subcommands: [Org.self, People.self, Places.self, Carriers.self])

    struct Carriers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV 文件登记载体，全部通过才写入 / Register carriers from a CSV file (UTF-8; Chinese or English "
                + "headers), all or nothing.",
            discussion: """
                Columns (Chinese or English header): 载体名称/title, 文号/documentNumber, 载体类别 (a form such as 纸介质 \
                or a category such as 图纸), 内容类别/category, 载体形态/form, 来源/source, 密级/level, 保密期限/period, \
                份数/copyCount, 来文份数/declaredCount, 允许复制/copyingAllowed, 责任部门编码/departmentCode, 知悉范围部门编码/scopeDepartmentCodes, \
                知悉范围人员工号/scopeEmployeeNumbers, 知悉范围项目编号/scopeProjectCodes, 所属项目编号/projectCode, \
                定密责任人工号/classifierEmployeeNumber, 定密依据/classificationBasis, 定密日期/classifiedOn, \
                原定密机关/originatingAuthority, 备注/notes. Lists are separated by ; or 、. The ledger's own columns \
                (序号, 载体编号, 知悉范围, 制作或接收日期, 责任人, 存放位置, 状态) are read past, so a file written by \
                `baomi export carriers` imports as it is.

                Every row passes the rules of the registration page (C1.1, C9, T5.1, and with --as the account's \
                clearance A2 and department T5.2; the account then holds the new copies). Without --as the system \
                registers: the rules about the carrier and the people it names apply, and the copies are held by \
                nobody until placed. A 文号 already registered or repeated in the file is refused unless \
                --allow-duplicate-document-number gives the reason; a file already imported (same SHA-256) is refused.
                """)

        @ArgumentParser.Argument(help: "CSV 文件 / The CSV file.") var file: String
        @ArgumentParser.OptionGroup var data: DataOptions
        @ArgumentParser.Option(
            name: .customLong("as"),
            help: ArgumentHelp(
                "以此账户办理（保密办或部门保密员）/ Act as this account (保密办 or 部门保密员; default: system). "
                    + "Copies start held by its person.",
                valueName: "username"))
        var username: String?
        @ArgumentParser.Flag(
            help: "只登记无误的行并报告其余 / Register the valid rows and report the others (default: all or nothing).")
        var skipInvalid = false
        @ArgumentParser.Flag(help: "只检查，不写入 / Check every row and write nothing.") var dryRun = false
        @ArgumentParser.Option(
            name: .customLong("allow-duplicate-document-number"),
            help: ArgumentHelp(
                "文号重复时仍登记，并写明原因 / Register rows whose 文号 is already registered or repeated in the file, "
                    + "for this reason (kept in each carrier's audit record).", valueName: "reason"))
        var duplicateDocumentNumberReason: String?
        @ArgumentParser.Option(
            name: .customLong("problems"),
            help: ArgumentHelp(
                "问题清单写入此文件 / Write every problem to this CSV file (default: <file>.problems.csv beside the "
                    + "input, once there are "
                    + "more than \(CarrierExchangeCommands.problemsOnScreen)).", valueName: "file"))
        var problemsFile: String?

        func run() async throws {
            let url = URL(fileURLWithPath: file)
            let report: CarrierExchangeCommands.ImportReport
            do {
                report = try await CarrierExchangeCommands.importCarriers(
                    .init(
                        file: url, username: username, skipInvalid: skipInvalid, dryRun: dryRun,
                        duplicateDocumentNumberReason: duplicateDocumentNumberReason,
                        problemsFile: problemsFile.map { URL(fileURLWithPath: $0) }),
                    configuration: data.configuration(checkpointInterval: nil),
                    progress: { done, of in
                        if of >= 2_000 && done % 1_000 == 0 { print("  … \(done)/\(of)") }
                    })
            } catch let failure as CommandLineFailure {
                print("导入被拒绝 / Import refused: \(failure)")
                throw ExitCode(1)
            }
            print(
                "检查 / Checked \(report.rows) rows as \(report.actorName) in \(format(report.checkSeconds)) s: "
                    + "\(report.rows - report.badRows) valid, \(report.badRows) with problems"
                    + (report.blankRows > 0 ? ", \(report.blankRows) blank rows skipped" : "")
                    + (report.ignoredColumns.isEmpty
                        ? "" : "; 未读取的台账列 / ledger columns read past: \(report.ignoredColumns.joined(separator: "、"))"))
            let shown = CarrierExchangeCommands.problemsOnScreen
            for problem in report.problems.prefix(shown) { print("  \(problem)") }
            if report.problems.count > shown {
                print("  …另有 \(report.problems.count - shown) 个问题 / \(report.problems.count - shown) more problems")
            }
            if let file = report.problemsFile {
                print(
                    "全部 \(report.problems.count) 个问题已写入 / All \(report.problems.count) problems are written to: "
                        + file.path)
            }
            if dryRun {
                print("试运行，未写入任何数据 / Dry run: nothing was written.")
                if report.badRows > 0 { throw ExitCode(1) }
                return
            }
            if report.refused {
                print(
                    "未写入任何数据：\(report.badRows) 行有问题，请修改后重新导入（或用 --skip-invalid 只导入无误的行） / "
                        + "Nothing was written: \(report.badRows) rows have problems; fix them and import again "
                        + "(or --skip-invalid to register only the valid rows).")
                throw ExitCode(1)
            }
            if let stopped = report.stopped {
                print(
                    skipInvalid
                        ? "已登记 \(report.registered) 个载体后，第 \(stopped.row) 行登记失败，其后的行未登记 / "
                            + "Registered \(report.registered) carriers, then row \(stopped.row) failed and later rows were "
                            + "not registered: \(stopped.reason)"
                        : "第 \(stopped.row) 行登记失败，整个导入已撤销，未写入任何载体 / Row \(stopped.row) failed; the whole "
                            + "import was rolled back and no carrier was written: \(stopped.reason)")
                throw ExitCode(1)
            }
            print(
                "已登记 / Registered \(report.registered) carriers (\(report.copies) copies) in "
                    + "\(format(report.registerSeconds)) s — \(Int(report.rowsPerSecond.rounded())) rows/s")
            // With --skip-invalid some rows were left out: the exit status says so to scripts.
            if report.badRows > 0 {
                print("有问题的 \(report.badRows) 行未导入 / \(report.badRows) rows with problems were not imported.")
                throw ExitCode(1)
            }
        }
    }
}

/// `baomi export …`: ledgers out as files.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "把台账导出为文件 / Write a ledger as a file.", subcommands: [Carriers.self])

    struct Carriers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出涉密载体台账（CSV）/ The carrier ledger (涉密载体台账) as CSV: UTF-8 with BOM, LEDGERS.md "
                + "columns, then the codes an import reads.")

        @ArgumentParser.OptionGroup var data: DataOptions
        @ArgumentParser.Option(
            name: .shortAndLong, help: "写入此文件（缺省为标准输出）/ Write to this file (default: standard output).")
        var output: String?
        @ArgumentParser.Option(
            name: .customLong("as"),
            help: ArgumentHelp(
                "以此账户导出 / Act as this account (a 部门保密员 exports their department; default: system).",
                valueName: "username"))
        var username: String?

        func run() async throws {
            let url = output.map { URL(fileURLWithPath: $0) }
            do {
                let rows = try await CarrierExchangeCommands.exportCarriers(
                    to: url, as: username, configuration: data.configuration(checkpointInterval: nil))
                let message = "已导出 \(rows) 条载体记录 / Exported \(rows) carriers" + (url.map { " → \($0.path)" } ?? "")
                // With the ledger on standard output, the message goes to standard error.
                if url == nil {
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                } else {
                    print(message)
                }
            } catch let failure as CommandLineFailure {
                FileHandle.standardError.write(Data("导出被拒绝 / Export refused: \(failure)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

private func format(_ seconds: Double) -> String {
    String(format: "%.2f", seconds)
}
