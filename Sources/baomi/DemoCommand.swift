import ArgumentParser
import BaomiDomain
import BaomiPersistence
import BaomiServer
import Foundation

/// `baomi demo`: a fresh data folder with a sample institute to try Baomi on.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "在新的数据目录中建立演示用的某研究所 / Fill a fresh data folder with a sample institute (某研究所): "
            + "people, places, accounts, carriers.",
        discussion: """
            Try it: swift run baomi demo --data-dir demo-data && swift run baomi serve --data-dir demo-data
            The demo accounts' first password is $BAOMI_INITIAL_PASSWORD, or one printed here; each must change it at
            first sign-in (S3).
            """)

    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Option(
        help: ArgumentHelp(
            "随机种子，同一种子得到同一研究所 / Seed of the sample's names and carriers; the same seed gives the "
                + "same institute."))
    var seed: UInt64 = 2026
    @ArgumentParser.Flag(
        help: ArgumentHelp(
            "只建组织、人员、场所和账户，不建载体 / Only the organisation, people, places and accounts: no "
                + "carriers (to try an import)."))
    var withoutCarriers = false

    func run() async throws {
        let configuration = data.configuration(checkpointInterval: nil)
        let report: DemoCommand.Report
        do {
            report = try await DemoCommand.run(
                seed: seed, includeCarriers: !withoutCarriers, configuration: configuration)
        } catch let failure as CommandLineFailure {
            print("未生成演示数据 / No demo data written: \(failure)")
            throw ExitCode(1)
        }
        let summary = report.summary
        print(
            """
            演示数据已生成 / Demo institute created in \(configuration.dataDirectory.path)
              某研究所：\(summary.departments) 个部门（\(summary.keyDepartments) 个要害部门）、\(summary.people) 名人员、\
            保密工作小组 \(summary.workingGroup) 人、保密员 \(summary.secrecyOfficers) 名、定密责任人 \(summary.classifiers) 名
              \(summary.projects) 个涉密项目、\(summary.places) 个存放位置
              / \(summary.departments) departments (\(summary.keyDepartments) key), \(summary.people) people, \
            working group of \(summary.workingGroup), \(summary.secrecyOfficers) secrecy officers, \
            \(summary.classifiers) classifying officials, \(summary.projects) projects, \(summary.places) storage places
            """)
        if summary.carriers > 0 {
            let catalogue = LevelCatalogue.nationalDefault
            let levels = catalogue.levels.compactMap { level in
                summary.carriersByLevel[level.id].map { "\(level.name.zh) \($0)" }
            }
            let states = CopyState.allCases.compactMap { state in
                summary.copiesByState[state].map { "\(state.title.zh) \($0)" }
            }
            print(
                """
                  \(summary.carriers) 个涉密载体（收文 \(summary.receivedCarriers)）/ carriers: \(levels.joined(separator: "、"))
                  \(summary.copies) 份 / copies: \(states.joined(separator: "、"))
                  借出 \(summary.openLoans) 份（逾期 \(summary.overdueLoans)）、本年度清查 \(summary.inventories) 次 / \
                \(summary.openLoans) copies on loan (\(summary.overdueLoans) overdue), \(summary.inventories) inventories this year
                """)
        }
        print("\n演示账号 / Demo accounts (首次登录须修改密码 / change the password at first sign-in):")
        // The security office first: that is the account a newcomer signs in with.
        let order = { (role: Role) in Role.allCases.firstIndex(of: role) ?? 0 }
        for account in summary.accounts.sorted(by: { order($0.role) < order($1.role) }) {
            let username = account.username.padding(toLength: 9, withPad: " ", startingAt: 0)
            print("  \(username) \(account.role.title.zh)（\(account.personName)，\(account.department)\(account.post)）")
        }
        if let password = report.generatedPassword {
            print("  初始密码（仅显示这一次）/ initial password, shown once: \(password)")
        } else {
            print("  初始密码为 BAOMI_INITIAL_PASSWORD / initial password: $BAOMI_INITIAL_PASSWORD")
        }
        let flags =
            "--data-dir \(data.dataDirectory ?? "baomi-data")"
            + (data.databaseURL.map { " --database-url \($0)" } ?? "")
        print("\n下一步 / Next: swift run baomi serve \(flags)   → http://127.0.0.1:8080/  (bmb = 保密办)")
    }
}
