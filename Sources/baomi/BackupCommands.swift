import ArgumentParser
import BaomiPersistence
import BaomiServer
import Foundation

/// `baomi backup`: a consistent online backup into one archive (S2).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "备份：数据库、审计签名密钥、检查点日志和附件打成一个文件 / Back up the database, the audit signing key, the "
            + "checkpoint journal and the attachments into one archive.",
        discussion: """
            The server may keep running and writing: SQLite is copied as one read transaction sees it (VACUUM INTO), \
            PostgreSQL dumped with pg_dump from one exported snapshot. The archive holds a manifest signed with the \
            audit key: versions, row counts, the latest signed checkpoint and the SHA-256 of every part. \
            运行中的服务器无需停止；备份文件带有经审计密钥签名的清单。
            """)

    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Option(name: [.short, .long], help: "备份文件（不会覆盖已有文件）/ The archive to write (never overwritten).")
    var output: String

    func run() async throws {
        let url = URL(fileURLWithPath: output)
        do {
            let manifest = try await Backups.backup(to: url, configuration: data.configuration(checkpointInterval: nil))
            let rows = manifest.counts.values.reduce(0, +)
            print(
                "备份完成 / Backed up to \(url.path): \(rows) rows in \(manifest.counts.count) tables, "
                    + "\(manifest.checkpoint?.treeSize ?? 0) audit records under the signed checkpoint")
            print("验证公钥 / Public key to check it with: \(manifest.publicKey)")
        } catch let error as BackupError {
            print("备份失败 / Backup FAILED: \(error)")
            throw ExitCode(1)
        }
    }
}

/// `baomi restore`: an archive into an empty data folder (and, on PostgreSQL, an empty database) (S2).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "从备份恢复到空的数据目录，升级数据库并完整校验审计日志 / Restore an archive into an empty data folder, migrate, "
            + "and verify the whole audit log.",
        discussion: """
            Refuses a data folder (or PostgreSQL database, with --database-url) that holds anything. Every part is \
            checked against the signed manifest; after the migrations a newer Baomi adds, the whole log is verified \
            and must still hold the manifest's checkpoint, or the restore fails with exit status 1. \
            --public-key checks the manifest against a key you know from elsewhere (printed by `baomi backup`). \
            目标不是空的时拒绝恢复；校验失败时退出码为 1。
            """)

    @ArgumentParser.Argument(help: "备份文件 / The archive.") var file: String
    @ArgumentParser.OptionGroup var data: DataOptions
    @ArgumentParser.Option(help: "期望的签名公钥（base64）/ The audit key the manifest must be signed with (base64).")
    var publicKey: String?

    func run() async throws {
        do {
            let report = try await Backups.restore(
                URL(fileURLWithPath: file), configuration: data.configuration(checkpointInterval: nil),
                trustedKey: publicKey)
            print(
                "恢复完成 / Restored the backup of \(report.manifest.createdAt): "
                    + "\(report.verification.recordsChecked) audit records and "
                    + "\(report.verification.checkpointsChecked) checkpoints verified")
        } catch let error as BackupError {
            print("恢复失败 / Restore FAILED: \(error)")
            throw ExitCode(1)
        }
    }
}
