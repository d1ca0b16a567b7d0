import ArgumentParser
import BaomiDomain
import BaomiServer
import Foundation

/// `baomi chains`: the approval chains (principle 9, #14).
struct ChainsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chains",
        abstract: "审批流程：查看在用的流程，或由保密办设置新版本 / Approval chains: show those in force, or set a new "
            + "version (the security office).",
        subcommands: [Show.self, Set.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出每类申请在用的审批流程（有单独流程的密级另列）/ Print the chain in force for each kind of "
                + "request (and each level that has its own).")

        @ArgumentParser.OptionGroup var data: DataOptions
        @ArgumentParser.Option(
            help: ArgumentHelp("只列此类申请，如 borrow、destroy / Only this kind, e.g. borrow, destroy"))
        var kind: String?

        func run() async throws {
            do {
                let lines = try await ChainCommands.show(
                    configuration: data.configuration(checkpointInterval: nil), kind: kind)
                for line in lines { print(line) }
            } catch let failure as CommandLineFailure {
                print(failure.description)
                throw ExitCode(2)
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 JSON 文件设置审批流程的新版本（与 POST /api/v1/chains 的请求体相同），记入审计日志 / Set a new "
                + "version of a chain from a JSON file (the body of POST /api/v1/chains); audited.")

        @ArgumentParser.Argument(help: ArgumentHelp("JSON 文件 / The JSON file")) var file: String
        @ArgumentParser.Option(
            name: .customLong("as"),
            help: ArgumentHelp("以此保密办账号设置（须有配置权限）/ Set it as this security-office account"))
        var username: String
        @ArgumentParser.OptionGroup var data: DataOptions

        func run() async throws {
            guard let json = FileManager.default.contents(atPath: file) else {
                print("无法读取文件 \(file) / Cannot read \(file)")
                throw ExitCode(2)
            }
            do {
                let label = try await ChainCommands.set(
                    configuration: data.configuration(checkpointInterval: nil), json: json, as: username)
                print("已设置审批流程 / Chain set: \(label)")
            } catch let failure as CommandLineFailure {
                print(failure.description)
                throw ExitCode(1)
            }
        }
    }
}
