/// Travel abroad and the passports the unit holds (A7, L1.7, #16), beside the main catalogue.
extension AuditAction {
    public static let tripReport = AuditAction("travel.report")
    public static let travelDocumentRegister = AuditAction("travel.document")
    public static let travelDocumentOut = AuditAction("travel.documentOut")
    public static let travelDocumentIn = AuditAction("travel.documentIn")
    public static let travelPolicy = AuditAction("travel.policy")

    static let travelTitles: [String: LocalizedText] = [
        tripReport.rawValue: LocalizedText(zh: "登记行前教育或回国汇报", en: "Record a briefing or debriefing"),
        travelDocumentRegister.rawValue: LocalizedText(zh: "登记出境证件", en: "Register a travel document"),
        travelDocumentOut.rawValue: LocalizedText(zh: "借出出境证件", en: "Lend a travel document"),
        travelDocumentIn.rawValue: LocalizedText(zh: "交回出境证件", en: "Take a travel document back"),
        travelPolicy.rawValue: LocalizedText(zh: "修改回国汇报期限", en: "Change the debriefing days"),
    ]
}
