import BaomiDomain
import FluentKit
import Foundation

/// A request being submitted, as its kind's effect checks it.
struct Submission<Payload: Sendable> {
    let kind: RequestKind
    /// The payload as submitted; a kind's check may complete it with what the register says now (a departure's
    /// leaver as they are named today, principle 12), and the request stores it so.
    var payload: Payload
    /// The copies it names (none for a subject outside the register), each with its carrier.
    let copies: [CopyModel]
    /// What the chain is chosen by: the highest level among the copies; a kind whose subject is not in the register
    /// sets it in its check.
    var level: LevelDefinition?
    let catalogue: LevelCatalogue
    let actor: RequestActor
    /// A carrying out of a copy on loan: the borrowing it comes back to (C4).
    var parentLoan: LoanModel?
    /// A resubmission after a return for changes: the request itself, which holds its copies already.
    var resubmitting: UUID?
    /// Steps the facts call for beyond the configured chain, appended to it and resolved like it (T10: a key
    /// project's member leaving before it ends adds the leader in charge). Each step's title says why.
    var addedSteps: [ApprovalStepSpec] = []
}

/// What a kind does with the database (DESIGN principle 5): its checks at submission with the facts the register
/// holds, and its effect when the last step approves, in that transaction. One type per kind, in this folder, listed
/// in `RequestKindEffects`; the engine (`RequestRepository`) calls them and switches over nothing.
protocol RequestKindEffect: Sendable {
    associatedtype Kind: RequestKindDefinition

    /// Checks the submission against the register; throws the refusal.
    func check(
        _ submission: inout Submission<Kind.Payload>, repository: RequestRepository, on database: any Database
    ) async throws

    /// After the request, its items and steps are written: e.g. a loan reserves its copy.
    func submitted(
        _ request: RequestModel, _ submission: Submission<Kind.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws

    /// The last approval. A kind whose work ends here closes the request (`done`).
    func apply(
        _ request: RequestModel, payload: Kind.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws

    /// The request was refused or withdrawn: give back what it held.
    func release(
        _ request: RequestModel, actor: AuditActor, repository: RequestRepository, on database: any Database
    ) async throws
}

extension RequestKindEffect {
    var kind: RequestKind { Kind.kind }

    func submitted(
        _ request: RequestModel, _ submission: Submission<Kind.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {}

    func release(
        _ request: RequestModel, actor: AuditActor, repository: RequestRepository, on database: any Database
    ) async throws {}

    /// The payload of a stored request; a row whose JSON is not this kind's reads as an error, not as defaults.
    func payload(of request: RequestModel) throws -> Kind.Payload {
        guard let payload = Kind.decodePayload(Data(request.payload.utf8)) else {
            throw DomainError.conflict(
                LocalizedText(zh: "申请内容无法读取", en: "The request's facts cannot be read"), rule: nil)
        }
        return payload
    }
}

/// Every kind's effect: the one list a new kind joins (next to `RequestKinds`).
enum RequestKindEffects {
    static let all: [any RequestKindEffect] = [
        ReproduceEffect(), DestroyEffect(), ReclassifyEffect(), RetainEffect(), BorrowEffect(), CarryOutEffect(),
        ClassifyEffect(), DepartureEffect(), TravelAbroadEffect(), FormerStaffUseEffect(), SecretPostEffect(),
        KeyProjectTransferEffect(),
    ]

    /// The kinds that have an effect, for the test that every kind has one.
    static var kinds: [RequestKind] { all.map(\.kind) }

    static func effect(for kind: RequestKind) throws -> any RequestKindEffect {
        guard let effect = all.first(where: { $0.kind == kind }) else {
            throw DomainError.conflict(
                LocalizedText(zh: "未知的申请类型 \(kind.rawValue)", en: "Unknown request kind \(kind.rawValue)"), rule: nil)
        }
        return effect
    }
}

extension RequestRepository {
    /// The kinds whose effects persistence knows (every `RequestKinds` entry, by test).
    static var kindsWithEffects: [RequestKind] { RequestKindEffects.kinds }
}
