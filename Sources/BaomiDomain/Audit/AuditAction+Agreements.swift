/// Agreements' actions (T8, T9, T15, L1.1; #16), kept beside the main catalogue like training's.
extension AuditAction {
    public static let agreementText = AuditAction("agreement.text")
    public static let agreementDraft = AuditAction("agreement.draft")
    public static let agreementStep = AuditAction("agreement.step")
    public static let agreementScan = AuditAction("agreement.scan")
    public static let agreementPayment = AuditAction("agreement.payment")

    static let agreementTitles: [String: LocalizedText] = [
        agreementText.rawValue: LocalizedText(zh: "发布协议文本新版本", en: "Publish an agreement text version"),
        agreementDraft.rawValue: LocalizedText(zh: "起草保密协议", en: "Draft an agreement"),
        agreementStep.rawValue: LocalizedText(zh: "保密协议签订、终止或拒签", en: "Sign, end or refuse an agreement"),
        agreementScan.rawValue: LocalizedText(zh: "上传协议签字扫描件", en: "Attach a signed agreement's scan"),
        agreementPayment.rawValue: LocalizedText(zh: "保密补贴与报酬", en: "Secrecy allowance or remuneration"),
    ]
}
