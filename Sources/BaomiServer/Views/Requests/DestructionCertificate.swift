import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation

/// 销毁证明 as data (C8, principle 15): each copy as it was destroyed (its destruction event, else as requested),
/// each approver and supervisor as they signed (principle 12). Printed in Chinese whatever the viewer's language.
struct DestructionCertificate {
    struct Copy {
        var carrierNumber: String
        var title: String
        var levelName: String
        var serial: String
    }

    var number: String
    var reason: String
    /// `YYYY-MM-DD`, once the batch is done.
    var destroyedOn: String?
    /// The batch's own fields (method, place, escorts, equipment).
    var lines: [(String, String)]
    var copies: [Copy]
    var approvers: [String]
    var supervisors: [String]
    /// The highest level among the copies, marked at the top and bottom of the page.
    var highestLevel: String

    /// `destroyed`: each copy's destruction event by copy id.
    init(
        _ request: RequestModel, destroyed: [UUID: CopyEventModel], confirmations: [DestructionConfirmationModel],
        catalogue: LevelCatalogue, context: PageContext
    ) {
        number = request.number
        reason = request.reason
        destroyedOn = request.closedAt.map { String(DisplayTime.format($0).prefix(10)) }
        lines = RequestPayloadViews.lines(of: request, context: context, catalogue: catalogue)
        let snapshots = request.items.map { item in (item, destroyed[item.$copy.id]?.snapshot ?? item.snapshot) }
        copies = snapshots.map { item, was in
            Copy(
                carrierNumber: was.carrierNumber, title: was.carrierTitle, levelName: was.levelName,
                serial: CarrierDraft.serialText(item.copy.serial, of: was.copyTotal, language: .zh))
        }
        approvers = request.steps.sorted { $0.position < $1.position }.map {
            "\($0.approver(in: .zh))（\(context.dateTime($0.decidedAt))）"
        }
        supervisors = confirmations.map { "\($0.name)（\(context.dateTime($0.confirmedAt))）" }
        highestLevel =
            snapshots.compactMap { catalogue.definition(LevelID(rawValue: $0.1.level)) }
            .max { $0.protectionWeight < $1.protectionWeight }?.name.zh ?? ""
    }
}
