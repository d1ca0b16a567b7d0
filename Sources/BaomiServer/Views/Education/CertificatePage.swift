import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot
import QRCode

/// 合格证书 as its print shows it (E6.2, S2): who passed which exam with what score, and the audit leaf of the
/// submission, whose QR code `/verify` and `baomi audit prove` check — as the 审批表's.
struct ExamCertificate {
    var attemptID: UUID
    var personName: String
    var departmentName: String
    var examTitle: String
    var purpose: TrainingPurpose
    var score: Int
    var maxScore: Int
    var passMark: Int
    var submittedAt: Date
    var leafIndex: Int64?
    var leafText: String?
    var leafRecordedAt: String?

    init?(_ attempt: ExamAttemptModel, exam: ExamModel, definition: ExamDefinition, leaf: AuditRecord?) {
        guard attempt.passed == true, let score = attempt.score, let submittedAt = attempt.submittedAt else {
            return nil
        }
        attemptID = attempt.id ?? UUID()
        personName = attempt.personName
        departmentName = attempt.departmentName
        examTitle = exam.title
        purpose = definition.purpose
        self.score = score
        maxScore = attempt.maxScore
        passMark = definition.passMark
        self.submittedAt = submittedAt
        leafIndex = leaf?.leafIndex
        leafText = leaf.map { AuditLeafReference(index: $0.leafIndex, hash: $0.leafHash).text }
        leafRecordedAt = leaf?.recordedAt
    }
}

enum CertificatePage {
    /// Always in Chinese: the paper goes into the person's file (保密教育档案).
    static func render(_ context: PageContext, certificate: ExamCertificate) -> HTML {
        var content: [BodyNode] = [
            H.el("h1", [("class", "certificate-title")], text: "保密教育考试合格证书"),
            H.el(
                "p", [("class", "certificate-body")],
                text:
                    "\(certificate.departmentName) \(certificate.personName) 同志于 \(DisplayTime.format(certificate.submittedAt)) 参加"
                    + "「\(certificate.examTitle)」（\(certificate.purpose.title.zh)），成绩 \(certificate.score) 分（满分 \(certificate.maxScore) 分，"
                    + "及格 \(certificate.passMark) 分），考试合格，特发此证。"),
            H.el(
                "p", [],
                text: "依据：保密宣传教育制度 (E6.2\(certificate.purpose == .general ? "" : "、\(certificate.purpose.rule)"))"),
            H.el("p", [], text: "保密办（盖章）：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"),
        ]
        if let text = certificate.leafText, let index = certificate.leafIndex {
            let svg = (try? QRCode.encode(text, correction: .medium).svg(moduleSize: 3, quietZone: 4)) ?? ""
            content.append(
                H.el(
                    "div", [("class", "form-seal"), ("id", "form-seal")],
                    [
                        H.el("div", [("class", "qr")], [.raw(svg)]),
                        H.el(
                            "p", [],
                            text:
                                "本证书对应审计日志第 \(index) 条记录（\(DisplayTime.format(auditTime: certificate.leafRecordedAt ?? ""))），"
                                + "可在「核验」页面或以 baomi audit prove \(index) 核验。"),
                        H.el("p", [("class", "leaf-text")], text: text),
                    ]))
        }
        return LedgerPages.printShell(
            context, title: "保密教育考试合格证书 \(certificate.personName)",
            [H.el("div", [("class", "approval-form certificate")], content)])
    }
}
