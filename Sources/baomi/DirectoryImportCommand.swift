import ArgumentParser
import BaomiDomain
import BaomiPersistence
import BaomiServer
import Foundation

/// `baomi import org|people|places`: the organisation moving in by codes, each file by the administrator whose part
/// it is (README, "Setting up an organisation").
struct DirectoryImportOptions: ParsableArguments {
    @ArgumentParser.Argument(help: "CSV 文件（UTF-8，中文或英文表头）/ The CSV file (UTF-8; Chinese or English headers).")
    var file: String
    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Option(
        name: .customLong("as"),
        help: ArgumentHelp("以此账户导入（须为负责此项的管理员）/ The account whose part this file is.", valueName: "username"))
    var username: String
    @ArgumentParser.Flag(help: "只检查，不写入 / Check every row and write nothing.") var dryRun = false

    func run(_ kind: DirectoryImportCommands.Kind) async throws {
        let report: DirectoryImportCommands.Report
        do {
            report = try await DirectoryImportCommands.importFile(
                kind, file: URL(fileURLWithPath: file), as: username, dryRun: dryRun,
                configuration: data.configuration(checkpointInterval: nil))
        } catch let failure as CommandLineFailure {
            print("导入被拒绝 / Import refused: \(failure)")
            throw ExitCode(1)
        }
        print(
            "检查 / Checked \(report.rows) rows of \(report.part.en) (\(report.part.zh)) as \(report.actorName): "
                + "\(report.rows - report.badRows) valid, \(report.badRows) with problems"
                + (report.blankRows > 0 ? ", \(report.blankRows) blank rows skipped" : "")
                + (report.ignoredColumns.isEmpty
                    ? ""
                    : "; 由另一位管理员导入的列 / columns another administrator imports: "
                        + report.ignoredColumns.joined(separator: "、")))
        // Every problem is shown: a secrecy office fixes its roll in one pass.
        for problem in report.problems { print("  \(problem)") }
        if dryRun {
            print("试运行，未写入任何数据 / Dry run: nothing was written.")
            if report.refused { throw ExitCode(1) }
            return
        }
        if report.refused {
            print(
                "未写入任何数据：\(report.badRows) 行有问题，请修改后重新导入 / Nothing was written: \(report.badRows) rows "
                    + "have problems; fix them and import again.")
            throw ExitCode(1)
        }
        print("已导入 / Imported \(report.registered) \(report.part.en) (\(report.part.zh)).")
    }
}

extension ImportCommand {
    struct Org: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV 文件登记组织机构，全部通过才写入（系统管理员）/ Register org units from a CSV file, all or "
                + "nothing.",
            discussion: """
                Columns: 编码/code, 名称/name, 类型/kind (单位 or 部门; default 部门), 上级编码/parentCode (a unit \
                already registered or on any row of the file), 要害部门/keyDepartment (是/否), 排序/sortOrder.
                """)
        @ArgumentParser.OptionGroup var options: DirectoryImportOptions
        func run() async throws { try await options.run(.org) }
    }

    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV 文件登记人员或其涉密岗位，全部通过才写入 / Register people, or their secret posts, from a CSV "
                + "file, all or nothing.",
            discussion: """
                As the system administrator: 工号/employeeNumber, 姓名/name, 部门编码/departmentCode, 岗位/post, \
                领导/leader (是/否), 状态/status (在岗; 离岗中 and 已离职 come only from a departure request, T22) \
                register the people. As the security \
                administrator, the same file's 工号 with 涉密等级/postClass (核心, 重要, 一般, 非涉密), \
                涉密项目编号/projectCodes, 脱密期至/separationUntil, 变更理由/reason set each person's secret post \
                (A2). 岗位代码/postCode puts the person on a registered post instead: the class follows the post \
                (涉密等级 may then be left out, and one that disagrees is refused); an unknown or retired code is \
                refused on its row. 填写岗位代码时按登记的涉密岗位上岗，涉密等级随岗位确定。Each reads past the other's \
                columns.
                """)
        @ArgumentParser.OptionGroup var options: DirectoryImportOptions
        func run() async throws { try await options.run(.people) }
    }

    struct Places: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV 文件登记存放位置，全部通过才写入（保密办）/ Register storage places from a CSV file, all or "
                + "nothing.",
            discussion: """
                Columns: 编号/code, 名称/name, 类型/kind (密码保险柜, 密码文件柜, 专库, 个人密码柜, 阅览室, 办公室), \
                最高密级/maxLevel, 部门编码/departmentCode, 保管人工号/custodianEmployeeNumber, 位置/location.
                """)
        @ArgumentParser.OptionGroup var options: DirectoryImportOptions
        func run() async throws { try await options.run(.places) }
    }
}
