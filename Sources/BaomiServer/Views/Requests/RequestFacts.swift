import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation

/// What a request concerns and its facts as lines, from the stored request and what the viewer may see of its
/// carriers (principle 11): the page models of the request pages and the printed form are made from these.
enum RequestFacts {
    /// A carrier as the viewer may see it on a request: its number and title, or the reference that stands for it
    /// (principle 11): a requester or approver is told which carrier, not what it holds.
    static func carrierName(_ carrier: CarrierModel, sights: CarrierSights, context: PageContext) -> String {
        sights.words(carrier.id, "\(carrier.number) \(carrier.title)", duty: true).map(context.t) ?? ""
    }

    /// What the request concerns, named as it was when the request was made (principle 12); whether the viewer may
    /// read it is decided on the carrier as it is now (principle 11).
    static func subject(_ request: RequestModel, sights: CarrierSights, context: PageContext) -> String {
        if let carrier = request.carrier {
            guard let was = request.items.first?.snapshot else {
                return carrierName(carrier, sights: sights, context: context)
            }
            return sights.words(carrier.id, "\(was.carrierNumber) \(was.carrierTitle)", duty: true).map(context.t) ?? ""
        }
        // Not in the register (a draft carrier): the request is shown only to those cleared for what it proposes.
        if request.items.isEmpty, let proposed = RequestPayloadViews.subject(of: request, context: context) {
            return proposed
        }
        let carriers = Set(
            request.items.map {
                sights.words($0.copy.$carrier.id, $0.snapshot.carrierNumber, duty: true).map(context.t) ?? ""
            }
        ).sorted()
        return context.t(
            "\(request.items.count) 份（\(carriers.joined(separator: "、"))）",
            "\(request.items.count) copies (\(carriers.joined(separator: ", ")))")
    }

    static func facts(
        _ request: RequestModel, sights: CarrierSights, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        var facts: [(String, String)] = [
            (context.t("类型", "Kind"), RequestKind(rawValue: request.kind).map { context.t($0.title) } ?? request.kind),
            (context.t("对象", "Subject"), subject(request, sights: sights, context: context)),
            (context.t("申请人", "Requester"), request.requesterName),
            (context.t("事由", "Reason"), request.reason),
            (context.t("提交时间", "Submitted"), context.dateTime(request.createdAt)),
        ]
        let readable = request.items.first.map { sights.sight($0.copy.$carrier.id, duty: true) == .full } ?? false
        if let marking = markingWhenRequested(request, readable: readable, context: context) { facts.append(marking) }
        facts += RequestPayloadViews.lines(of: request, context: context, catalogue: catalogue)
        return facts
    }

    /// Whatever the kind, a request about one carrier shows its marking as it was when requested (principle 12) to a
    /// viewer who may read it.
    static func markingWhenRequested(
        _ request: RequestModel, readable: Bool, context: PageContext
    ) -> (String, String)? {
        guard request.carrier != nil, readable, let was = request.items.first?.snapshot else { return nil }
        return (context.t("申请时标志", "Marking when requested"), was.marking)
    }
}
