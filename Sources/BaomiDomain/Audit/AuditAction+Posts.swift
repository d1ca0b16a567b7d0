/// The register of secret posts and putting people on them (A2, A4, T9, #16), kept beside the main catalogue.
extension AuditAction {
    public static let postCreate = AuditAction("post.create")
    public static let postUpdate = AuditAction("post.update")
    public static let postRetire = AuditAction("post.retire")
    public static let postAssign = AuditAction("post.assign")

    static let postTitles: [String: LocalizedText] = [
        postCreate.rawValue: LocalizedText(zh: "新建涉密岗位", en: "Create a secret post"),
        postUpdate.rawValue: LocalizedText(zh: "修改涉密岗位", en: "Update a secret post"),
        postRetire.rawValue: LocalizedText(zh: "撤销涉密岗位", en: "Retire a secret post"),
        postAssign.rawValue: LocalizedText(zh: "人员上岗（涉密岗位任用）", en: "Put a person on a post"),
    ]
}
