/// Secrecy education's actions (#15), kept beside the main catalogue so the areas grow without touching each other.
extension AuditAction {
    public static let trainingSessionRecord = AuditAction("training.session")
    public static let trainingAttend = AuditAction("training.attend")
    public static let trainingMaterial = AuditAction("training.material")
    public static let trainingPlan = AuditAction("training.plan")
    public static let trainingCalendar = AuditAction("training.calendar")
    public static let trainingPolicy = AuditAction("training.policy")

    static let trainingTitles: [String: LocalizedText] = [
        trainingSessionRecord.rawValue: LocalizedText(zh: "登记保密教育培训", en: "Record a training session"),
        trainingAttend.rawValue: LocalizedText(zh: "登记参训", en: "Record attendance"),
        trainingMaterial.rawValue: LocalizedText(zh: "上传培训材料", en: "Attach training material"),
        trainingPlan.rawValue: LocalizedText(zh: "保密教育年度计划", en: "Annual education plan"),
        trainingCalendar.rawValue: LocalizedText(zh: "节假日与重大活动日历", en: "Holiday and activity calendar"),
        trainingPolicy.rawValue: LocalizedText(zh: "修改培训有效期", en: "Change training validity"),
    ]
}
