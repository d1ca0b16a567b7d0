/// Departures' own actions (#16: T22, T12, A7), beside the main catalogue as training's are.
extension AuditAction {
    public static let departureItemAdd = AuditAction("departure.item")
    public static let departureItemSign = AuditAction("departure.item.sign")
    public static let departureLetter = AuditAction("departure.letter")
    public static let departurePolicy = AuditAction("departure.policy")

    static let departureTitles: [String: LocalizedText] = [
        departureItemAdd.rawValue: LocalizedText(zh: "登记离岗退还物品", en: "Add an item to return"),
        departureItemSign.rawValue: LocalizedText(zh: "签收离岗退还物品", en: "Sign off a returned item"),
        departureLetter.rawValue: LocalizedText(zh: "登记离岗文书送达", en: "Record a letter's delivery"),
        departurePolicy.rawValue: LocalizedText(zh: "修改脱密期与竞业限制期限", en: "Change the separation periods"),
    ]
}
