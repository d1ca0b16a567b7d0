/// Key projects and their tracking files (T10, #16), beside the main catalogue.
extension AuditAction {
    public static let projectKeyFacts = AuditAction("project.keyFacts")
    public static let leftWithoutConsent = AuditAction("project.leftWithoutConsent")
    public static let trackingOpen = AuditAction("trackingFile.open")
    public static let trackingEntry = AuditAction("trackingFile.entry")
    public static let trackingClose = AuditAction("trackingFile.close")

    static let keyProjectTitles: [String: LocalizedText] = [
        projectKeyFacts.rawValue: LocalizedText(zh: "修改重点项目标识与结束日期", en: "Change a project's key flag or end"),
        leftWithoutConsent.rawValue: LocalizedText(zh: "登记未经同意擅自离岗", en: "Record leaving without consent"),
        trackingOpen.rawValue: LocalizedText(zh: "建立专档", en: "Open a tracking file"),
        trackingEntry.rawValue: LocalizedText(zh: "登记专档跟踪记录", en: "Add a tracking file entry"),
        trackingClose.rawValue: LocalizedText(zh: "关闭专档", en: "Close a tracking file"),
    ]
}
