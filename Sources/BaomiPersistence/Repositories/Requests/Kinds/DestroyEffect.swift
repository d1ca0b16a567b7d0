import BaomiDomain
import FluentKit
import Foundation

/// 销毁 (C8): every copy must be able to join a batch and be in no other open batch; the approval makes them
/// "pending destruction", a refusal or withdrawal puts back any that were.
struct DestroyEffect: RequestKindEffect {
    typealias Kind = Destroy

    func check(
        _ submission: inout Submission<Destroy.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        for copy in submission.copies {
            try RequestRepository.checkJoinsBatch(copy)
            if let batch = try await repository.openDestructionBatch(
                holding: copy, excluding: submission.resubmitting, on: database)
            {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "\(copy.carrier.number) 第\(copy.serial)份已列入销毁批次 \(batch)，尚在审批",
                        en: "\(copy.carrier.number) copy \(copy.serial) is already in destruction batch \(batch)"),
                    rule: RuleID("C8"))
            }
        }
    }

    /// Approved: only now do the copies become "pending destruction", each still in store; the batch waits for
    /// transport and the supervisors' confirmations (C8).
    func apply(
        _ request: RequestModel, payload: Destroy.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        for item in request.items {
            try RequestRepository.checkJoinsBatch(item.copy)
            try await repository.move(
                item.copy, .addToDestructionBatch, actor: actor.audit, counterpart: request.number, on: database)
        }
    }

    /// A batch's copies go back to storage when it is refused or withdrawn (before approval only).
    func release(
        _ request: RequestModel, actor: AuditActor, repository: RequestRepository, on database: any Database
    ) async throws {
        for item in request.items where item.copy.state == CopyState.pendingDestruction.rawValue {
            try await repository.move(
                item.copy, .removeFromDestructionBatch, actor: actor, counterpart: request.number, on: database)
        }
    }
}
