import BaomiDomain
import FluentKit
import Foundation

/// A re-marking task or a notice as its addressee may see it (C9, DESIGN principle 11). The task exists because
/// its addressee held or knew the carrier; if the change took it beyond what they may now read, the task still
/// tells them what to do, naming the carrier by its reference only.
public struct VisibleTask: Sendable, Hashable {
    public var id: UUID
    public var kind: TaskModel.Kind
    public var carrierID: UUID
    public var copyID: UUID?
    public var text: LocalizedText
    public var createdAt: Date

    public static func visible(_ tasks: [TaskModel], sights: CarrierSights) -> [VisibleTask] {
        tasks.compactMap { task in
            guard let id = task.id, let kind = TaskModel.Kind(rawValue: task.kind) else { return nil }
            let carrierID = task.$carrier.id
            var text = LocalizedText(zh: task.text, en: task.text)
            if sights.sight(carrierID, duty: true) != .full {
                let reference = CarrierVisibility.reference(carrierID)
                text =
                    switch kind {
                    case .remark:
                        LocalizedText(
                            zh: "您保管的\(reference.zh)密级已变更，超出您现在可查看的范围：请即交回保密办，由有权人员重新标志 (A2, C9)",
                            en:
                                "The level of \(reference.en), which you keep, has changed beyond what you may now see: "
                                + "hand it to the security office to be re-marked by someone cleared for it (A2, C9)")
                    case .notice:
                        LocalizedText(
                            zh: "您曾知悉的\(reference.zh)的密级标志已变更，您已无权查看其内容 (A2, C9)",
                            en: "The marking of \(reference.en), which you knew, has changed; you may no longer see it "
                                + "(A2, C9)")
                    }
            }
            return VisibleTask(
                id: id, kind: kind, carrierID: carrierID, copyID: task.$copy.id, text: text, createdAt: task.createdAt)
        }
    }
}
