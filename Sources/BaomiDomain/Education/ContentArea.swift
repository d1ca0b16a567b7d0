/// The ten content areas of secrecy education (E5). Sessions, plans and questions are tagged with them, and the
/// coverage report counts a year's sessions per area and department.
public enum ContentArea: String, CaseIterable, Codable, Sendable {
    case policy
    case law
    case internalRules
    case basics
    case classification
    case technicalProtection
    case networkSecurity
    case counterEspionage
    case cases
    case superiors

    public var title: LocalizedText {
        switch self {
        case .policy: LocalizedText(zh: "保密方针政策", en: "Secrecy policy")
        case .law: LocalizedText(zh: "保密法律法规", en: "Secrecy law")
        case .internalRules: LocalizedText(zh: "本单位保密规章制度", en: "Internal rules")
        case .basics: LocalizedText(zh: "保密基本知识", en: "Basics")
        case .classification:
            LocalizedText(zh: "保密范围、定密、变更密级与解密", en: "Scope, classification, change and declassification")
        case .technicalProtection: LocalizedText(zh: "保密技术防范", en: "Technical protection")
        case .networkSecurity: LocalizedText(zh: "计算机与网络保密", en: "Computer and network security")
        case .counterEspionage: LocalizedText(zh: "反窃密", en: "Counter-espionage")
        case .cases: LocalizedText(zh: "先进典型与失泄密案例", en: "Exemplary and leak cases")
        case .superiors: LocalizedText(zh: "上级保密工作部署", en: "Superiors' arrangements")
        }
    }
}
