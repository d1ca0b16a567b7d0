/// Cooperation contracts with outside parties and their secrecy coverage (T23, #16), beside the main catalogue.
extension AuditAction {
    public static let cooperationCreate = AuditAction("cooperation.create")
    public static let cooperationUpdate = AuditAction("cooperation.update")

    static let cooperationTitles: [String: LocalizedText] = [
        cooperationCreate.rawValue: LocalizedText(zh: "登记合作合同", en: "Record a cooperation contract"),
        cooperationUpdate.rawValue: LocalizedText(zh: "修改合作合同", en: "Change a cooperation contract"),
    ]
}
