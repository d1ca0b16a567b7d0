import BaomiDomain
import Foundation
import Synchronization

/// What an action collects while it runs: the subject (known to the refusal record even if the action fails) and
/// the events to append when it commits.
public final class AuditTrail: Sendable {
    private struct State {
        var subject: AuditSubject?
        var details: [String: String] = [:]
        var extraEvents: [AuditEvent] = []
    }

    public let action: AuditAction
    private let state: Mutex<State>

    init(action: AuditAction, subject: AuditSubject?) {
        self.action = action
        self.state = Mutex(State(subject: subject))
    }

    /// The object the action concerns; set it as soon as it is known, so a refusal names it too.
    public var subject: AuditSubject? {
        get { state.withLock { $0.subject } }
        set { state.withLock { $0.subject = newValue } }
    }

    /// Adds facts to the main record, e.g. the old and new values of a changed field.
    public func note(_ key: String, _ value: String?) {
        state.withLock { $0.details[key] = value ?? "" }
    }

    /// Adds another record to the same transaction, e.g. the roles removed while an account is disabled.
    public func record(_ event: AuditEvent) {
        state.withLock { $0.extraEvents.append(event) }
    }

    func successEvents() -> [AuditEvent] {
        state.withLock { state in
            [AuditEvent(action: action, subject: state.subject, outcome: .success, details: state.details)]
                + state.extraEvents
        }
    }

    func refusalEvent(rule: RuleID?, reason: String) -> AuditEvent {
        state.withLock { state in
            var details = state.details
            details["reason"] = reason
            return AuditEvent(action: action, subject: state.subject, outcome: .refused, rule: rule, details: details)
        }
    }
}
