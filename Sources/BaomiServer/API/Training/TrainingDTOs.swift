import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

extension BaomiServices {
    /// Secrecy-education sessions and attendance (#15); cheap to make, so made where used.
    var training: TrainingSessions { TrainingSessions(store: store, clock: clock) }
    /// Sessions' materials, kept where requests' attachments are (E6.1, S4).
    var trainingMaterials: TrainingMaterials { TrainingMaterials(store: store, content: attachments.content) }
}

struct SessionInput: Content {
    var title: String
    var form: String
    var purpose: String
    var heldOn: String
    var place: String
    var trainer: String
    var areas: [String]
    var hours: Double
    var departmentID: UUID?
    var plannedSessionID: UUID?
    var examNote: String?
    var calendarEventID: UUID?
    var attendees: [UUID]?

    var draftInput: SessionDraft.Input {
        SessionDraft.Input(
            title: title, form: form, purpose: purpose, heldOn: heldOn, place: place, trainer: trainer, areas: areas,
            hours: hours, departmentID: departmentID, plannedSessionID: plannedSessionID, examNote: examNote,
            calendarEventID: calendarEventID)
    }
}

struct AttendanceInput: Content {
    var people: [UUID]
}

struct SessionDTO: Content {
    struct Attendee: Content {
        var personID: UUID
        var name: String
        var employeeNumber: String
        var source: String
        var recordedAt: Date
    }

    var id: UUID
    var title: String
    var form: String
    var purpose: String
    var heldOn: String
    var place: String
    var trainer: String
    var areas: [String]
    var hours: Double
    var departmentID: UUID?
    var plannedSessionID: UUID?
    var calendarEventID: UUID?
    var examNote: String?
    var attendeeCount: Int
    var attendees: [Attendee]?
    var materials: [AttachmentDTO]?

    init(
        _ session: TrainingSessionModel, attendees: [SessionAttendee]? = nil, materials: [TrainingMaterialModel]? = nil
    ) {
        id = session.id ?? UUID()
        title = session.title
        form = session.form
        purpose = session.purpose
        heldOn = session.heldOn
        place = session.place
        trainer = session.trainer
        areas = session.contentAreas.map(\.rawValue)
        hours = session.hours
        departmentID = session.$department.id
        plannedSessionID = session.plannedSessionID
        calendarEventID = session.calendarEventID
        examNote = session.examNote
        self.materials = materials?.map(AttachmentDTO.init)
        attendeeCount = session.attendees
        self.attendees = attendees?.map {
            Attendee(
                personID: $0.personID, name: $0.name, employeeNumber: $0.employeeNumber, source: $0.source.rawValue,
                recordedAt: $0.recordedAt)
        }
    }
}

struct TrainingRecordDTO: Content {
    struct Credit: Content {
        var purpose: String
        var source: String
        var sourceID: UUID
        var title: String
        var earnedOn: String
        var hours: Double
    }

    var personID: UUID
    var name: String
    var lastTrained: String?
    var prePostCurrent: Bool
    var refresherCurrent: Bool
    var refresherDue: String?
    var hasInduction: Bool
    var hasOnPost: Bool
    var credits: [Credit]

    init(person: PersonModel, credits: [TrainingCredit], standing: TrainingStanding) {
        personID = person.id ?? UUID()
        name = person.name
        lastTrained = standing.lastTrained
        prePostCurrent = standing.prePostCurrent
        refresherCurrent = standing.refresherCurrent
        refresherDue = standing.refresherDue
        hasInduction = standing.hasInduction
        hasOnPost = standing.hasOnPost
        self.credits = credits.map {
            Credit(
                purpose: $0.purpose.rawValue, source: $0.source.rawValue, sourceID: $0.sourceID, title: $0.title,
                earnedOn: $0.earnedOn, hours: $0.hours)
        }
    }
}

struct TrainingPolicyDTO: Content {
    var prePostValidityMonths: Int
    var briefingLeadDays: Int
    var dutiesSince: String?

    /// `dutiesSince` is always present, `null` when the reminders are off: the schema requires the field.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(prePostValidityMonths, forKey: .prePostValidityMonths)
        try container.encode(briefingLeadDays, forKey: .briefingLeadDays)
        try container.encode(dutiesSince, forKey: .dutiesSince)
    }
}
