import Foundation

/// 销毁审批 (C8): a batch of stored copies, approved by the security office then the leader in charge; only the
/// approval makes them "pending destruction", and supervisors confirm the destruction itself.
public enum Destroy: RequestKindDefinition {
    /// How a batch is destroyed (C8).
    public enum Method: String, CaseIterable, Hashable, Sendable, Codable {
        /// Transported to the designated facility by named escorts in a vehicle.
        case facility
        /// With certified equipment in house.
        case inHouse
    }

    public struct Payload: Codable, Sendable, Hashable {
        /// `Method` raw value.
        public var method: String?
        public var destructionPlace: String?
        public var transportPeople: [String]?
        public var vehicle: String?
        public var equipment: String?

        public init(
            method: String? = nil, destructionPlace: String? = nil, transportPeople: [String]? = nil,
            vehicle: String? = nil, equipment: String? = nil
        ) {
            self.method = method
            self.destructionPlace = destructionPlace
            self.transportPeople = transportPeople
            self.vehicle = vehicle
            self.equipment = equipment
        }
    }

    public static let kind = RequestKind(code: "destroy")
    public static let title = LocalizedText(zh: "销毁审批", en: "Destruction batch")
    public static let numberPrefix = "XH"
    public static let subject = RequestSubject.copies

    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        let c8 = RuleID("C8")
        switch Method(rawValue: payload.method ?? "") {
        case .facility:
            if (payload.transportPeople ?? []).filter({ !$0.trimmed.isEmpty }).isEmpty
                || (payload.vehicle ?? "").trimmed.isEmpty
            {
                return [
                    FieldError(
                        field: "transportPeople", rule: c8,
                        message: LocalizedText(
                            zh: "送销须专人专车押运：请填写押运人和车辆", en: "Transport to the facility needs named escorts and a vehicle"
                        ))
                ]
            }
        case .inHouse:
            if (payload.equipment ?? "").trimmed.isEmpty {
                return [
                    FieldError(
                        field: "equipment", rule: c8,
                        message: LocalizedText(
                            zh: "自行销毁须使用经检测的销毁设备：请填写设备", en: "In-house destruction needs certified equipment"))
                ]
            }
        case nil:
            return [
                FieldError(
                    field: "method", rule: c8, message: LocalizedText(zh: "请选择销毁方式", en: "Choose how it is destroyed"))
            ]
        }
        return []
    }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        [ApprovalChains.securityOffice, ApprovalChains.leader]
    }
}

extension RequestKind {
    /// 销毁 (C8).
    public static let destroy = Destroy.kind
}
