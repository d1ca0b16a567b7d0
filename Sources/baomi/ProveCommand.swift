import ArgumentParser
import BaomiDomain
import BaomiPersistence
import BaomiServer
import Foundation

extension Audit {
    /// `baomi audit prove LEAF` (S2, principle 12): checks a printed 审批表's QR code against the log.
    struct Prove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "核验审批表二维码所载的审计记录：打印其在最新签名检查点下的包含性证明（RFC 6962），未通过时以 1 退出 / "
                + "Prove the audit record a printed form's QR code names: print its inclusion proof against the "
                + "newest signed checkpoint (RFC 6962); exit 1 when it does not verify.")

        @Argument(
            help: ArgumentHelp(
                "二维码文字 baomi:leaf:序号:哈希、核验页地址或记录序号 / The QR text baomi:leaf:<index>:<hash>, a /verify "
                    + "address, or a record index"))
        var leaf: String

        @ArgumentParser.OptionGroup var data: DataOptions

        func run() async throws {
            guard let reference = AuditLeafReference(parsing: leaf) else {
                print(
                    "无法识别「\(leaf)」：应为 baomi:leaf:序号:哈希 或记录序号 / Cannot read \"\(leaf)\": expected baomi:leaf:<index>:<hash> or an index"
                )
                throw ExitCode(2)
            }
            guard
                let proof = try await LeafProving.run(data.configuration(checkpointInterval: nil), reference: reference)
            else {
                print("日志尚无签名检查点 / The log has no signed checkpoint yet")
                throw ExitCode(1)
            }
            print("记录 / Record: \(proof.leafIndex)")
            print("纸面哈希 / Hash on the paper: \(proof.claimedHash ?? "—")")
            print("日志中的哈希 / Hash in the log: \(proof.leafHash ?? "—")")
            let checkpoint = proof.checkpoint
            print("检查点 / Checkpoint: \(checkpoint.treeSize) records, root \(checkpoint.rootHash)")
            print("签名 / Signed: \(checkpoint.signedAt) by key \(checkpoint.keyID): \(checkpoint.signature)")
            print("公钥 / Public key: \(proof.publicKey)")
            print("审计路径 / Audit path (\(proof.auditPath.count)):")
            for node in proof.auditPath { print("  \(node)") }
            guard proof.verified else {
                print("核验未通过 / NOT verified:")
                for failure in proof.failures { print("  \(failure.text.zh) / \(failure.text.en)") }
                throw ExitCode(1)
            }
            if let record = proof.record {
                print("操作 / Action: \(record.action) (\(record.recordedAt))")
            }
            print("核验通过 / Verified: the record is in the log under the signed checkpoint")
        }
    }
}
