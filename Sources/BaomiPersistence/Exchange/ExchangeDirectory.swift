import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The codes an import file uses for things already in the database: department codes, employee numbers, project
/// codes. Loaded once, so checking ten thousand rows costs no query per row.
public struct ExchangeDirectory: Sendable {
    public struct Person: Sendable, Hashable {
        public var id: UUID
        public var name: String
        public var departmentID: UUID
        public var classifierMaxLevel: LevelID?
        /// The person as the access decision sees them (clearance, any bar): what a classifying official's own
        /// clearance is checked against (T5.1 with A2).
        public var subject: AccessSubject?

        public init(
            id: UUID, name: String, departmentID: UUID, classifierMaxLevel: LevelID?, subject: AccessSubject? = nil
        ) {
            self.id = id
            self.name = name
            self.departmentID = departmentID
            self.classifierMaxLevel = classifierMaxLevel
            self.subject = subject
        }
    }

    /// Org unit code → id.
    public var units: [String: UUID]
    /// Employee number → person.
    public var people: [String: Person]
    /// Project code → id.
    public var projects: [String: UUID]
    /// Storage place code → place, for the copies an import carries over (C6).
    public var places: [String: Place] = [:]

    /// A storage place as a carried-over copy's place is checked against it (C6).
    public struct Place: Sendable, Hashable {
        public var id: UUID
        public var name: String
        public var kind: StorageClass
        public var maxLevel: LevelID
        public var isActive: Bool

        public init(id: UUID, name: String, kind: StorageClass, maxLevel: LevelID, isActive: Bool = true) {
            self.id = id
            self.name = name
            self.kind = kind
            self.maxLevel = maxLevel
            self.isActive = isActive
        }
    }
    /// 文号 → how many carriers the register holds under it (C2: one document is registered once).
    public var documentNumbers: [String: Int]
    /// The settings the register judges by, and today in the organisation's time zone.
    public var postClasses: PostClassCatalogue
    public var today: String

    public init(
        units: [String: UUID] = [:], people: [String: Person] = [:], projects: [String: UUID] = [:],
        documentNumbers: [String: Int] = [:], postClasses: PostClassCatalogue = .nationalDefault,
        today: String = ClearanceRepository.today(Date())
    ) {
        self.units = units
        self.people = people
        self.projects = projects
        self.documentNumbers = documentNumbers
        self.postClasses = postClasses
        self.today = today
    }

    public static func load(on database: any Database, now: Date = Date()) async throws -> ExchangeDirectory {
        // Only read here: the repository's store is for writes, so a fresh one serves.
        let settings = try await SettingsRepository(store: Store()).snapshot(on: database)
        var directory = ExchangeDirectory(postClasses: settings.postClasses, today: ClearanceRepository.today(now))
        for unit in try await OrgUnitModel.query(on: database).all() {
            directory.units[unit.code] = try unit.requireID()
        }
        for person in try await PersonModel.query(on: database).all() {
            directory.people[person.employeeNumber] = Person(
                id: try person.requireID(), name: person.name, departmentID: person.$department.id,
                classifierMaxLevel: person.classifierMaxLevel.map(LevelID.init(rawValue:)),
                subject: ClearanceRepository.subject(
                    person, roles: [], levels: settings.levels, postClasses: settings.postClasses,
                    today: directory.today))
        }
        for project in try await ProjectModel.query(on: database).all() {
            directory.projects[project.code] = try project.requireID()
        }
        for place in try await StoragePlaceModel.query(on: database).all() {
            guard let kind = StorageClass(rawValue: place.kind) else { continue }
            directory.places[place.code] = Place(
                id: try place.requireID(), name: place.name, kind: kind, maxLevel: LevelID(rawValue: place.maxLevel),
                isActive: place.isActive)
        }
        for row in try await database.sql.raw(
            """
            SELECT document_number, COUNT(*) AS carriers FROM carriers WHERE document_number <> ''
            GROUP BY document_number
            """
        ).all() {
            directory.documentNumbers[try row.decode(column: "document_number", as: String.self)] = try row.decode(
                column: "carriers", as: Int.self)
        }
        return directory
    }
}
