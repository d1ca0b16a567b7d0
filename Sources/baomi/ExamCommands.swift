import ArgumentParser
import BaomiDomain
import BaomiPersistence
import BaomiServer
import Foundation

extension ExamCommands.Format: ExpressibleByArgument {}

/// `baomi questions …`: the question bank in and out (E6.2).
struct QuestionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questions", abstract: "题库的导入与导出 / Import and export the question bank (E6.2).",
        subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV 或 Excel 文件导入试题，全部通过才写入 / Import questions from a CSV or xlsx file, all or "
                + "nothing.",
            discussion: """
                Columns (Chinese or English header): 题型/type (单选, 多选, 判断, 填空), 题干/stem, 选项A … 选项H/optionA … \
                optionH, 答案/answer (letters such as A or ACD; 正确 or 错误; accepted answers separated by |), \
                内容领域/areas (the ten E5 areas by name or code, separated by ; or 、), 难度/difficulty (易, 中, 难), \
                解析/explanation. Every row is checked first and each bad one is named by its row number and reason; \
                only a file without problems is written, in one transaction. `baomi questions export` writes this \
                format, so an exported bank imports as it is.
                """)

        @ArgumentParser.Argument(help: "CSV 或 xlsx 文件 / The CSV or xlsx file.") var file: String
        @ArgumentParser.OptionGroup var data: DataOptions
        @ArgumentParser.Option(
            name: .customLong("as"),
            help: ArgumentHelp("以此账户办理（保密办或部门保密员）/ Act as this account (default: system).", valueName: "username"))
        var username: String?

        func run() async throws {
            do {
                let count = try await ExamCommands.importQuestions(
                    file: URL(fileURLWithPath: file), username: username,
                    configuration: data.configuration(checkpointInterval: nil))
                print("已导入 \(count) 道试题 / Imported \(count) questions.")
            } catch let failure as QuestionImport.Failure {
                for problem in failure.problems.prefix(50) { print("  \(problem)") }
                if failure.problems.count > 50 {
                    print("  …另有 \(failure.problems.count - 50) 个问题 / \(failure.problems.count - 50) more problems")
                }
                print(
                    "未写入任何试题：\(Set(failure.problems.map(\.row)).count) 行有问题 / Nothing was written: "
                        + "\(Set(failure.problems.map(\.row)).count) rows have problems (E6.2).")
                throw ExitCode(1)
            } catch let failure as CommandLineFailure {
                print("导入被拒绝 / Import refused: \(failure)")
                throw ExitCode(1)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出题库（含答案与解析）/ Write the question bank, with its keys and explanations, in the import's "
                + "columns.")

        @ArgumentParser.OptionGroup var data: DataOptions
        @ArgumentParser.Option(help: "csv 或 xlsx / csv or xlsx.") var format: ExamCommands.Format = .csv
        @ArgumentParser.Option(
            name: .shortAndLong, help: "写入此文件（缺省为标准输出）/ Write to this file (default: standard output).")
        var output: String?
        @ArgumentParser.Option(
            name: .customLong("as"),
            help: ArgumentHelp("以此账户办理 / Act as this account (default: system).", valueName: "username"))
        var username: String?

        func run() async throws {
            do {
                let bytes = try await ExamCommands.exportQuestions(
                    format: format, username: username, configuration: data.configuration(checkpointInterval: nil))
                try write(bytes, to: output)
            } catch let failure as CommandLineFailure {
                print("导出被拒绝 / Export refused: \(failure)")
                throw ExitCode(1)
            }
        }
    }
}

/// `baomi exams …`: an exam's results out (E6.2).
struct ExamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exams", abstract: "考试成绩导出 / Exam results (E6.2).", subcommands: [Results.self])

    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出一场考试的全部作答与成绩 / Write every attempt at an exam with its score: 姓名, 部门, 第几次, "
                + "开始/交卷时间, 用时, 得分, 满分, 是否及格.")

        @ArgumentParser.Argument(help: "考试编号（UUID）或考试名称 / The exam's id (UUID) or its exact title.") var exam: String
        @ArgumentParser.OptionGroup var data: DataOptions
        @ArgumentParser.Option(help: "csv 或 xlsx / csv or xlsx.") var format: ExamCommands.Format = .csv
        @ArgumentParser.Option(
            name: .shortAndLong, help: "写入此文件（缺省为标准输出）/ Write to this file (default: standard output).")
        var output: String?
        @ArgumentParser.Option(
            name: .customLong("as"),
            help: ArgumentHelp(
                "以此账户办理（部门保密员只能导出本部门的考试）/ Act as this account (a secrecy officer only their "
                    + "department's exams; default: system).", valueName: "username"))
        var username: String?

        func run() async throws {
            do {
                let bytes = try await ExamCommands.exportResults(
                    exam: exam, format: format, username: username,
                    configuration: data.configuration(checkpointInterval: nil))
                try write(bytes, to: output)
            } catch let failure as CommandLineFailure {
                print("导出被拒绝 / Export refused: \(failure)")
                throw ExitCode(1)
            }
        }
    }
}

/// Writes a file's bytes to `path`, or to standard output.
private func write(_ bytes: Data, to path: String?) throws {
    if let path {
        try bytes.write(to: URL(fileURLWithPath: path))
    } else {
        FileHandle.standardOutput.write(bytes)
    }
}
