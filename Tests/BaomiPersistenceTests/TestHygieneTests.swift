import Foundation
import Testing

/// No test passes by returning early (#14): a refusal of the wrong shape after `#expect(throws:)` or a `catch` records
/// an issue, and a test that means something on one database only is skipped on the other with its reason
/// (`.enabled(if: testsRunOnSQLite, "…")`), so the run reports it skipped instead of passed.
@Suite("Test hygiene: no test passes by returning early (#14)")
struct TestHygieneTests {
    /// The `Tests` folder of this checkout.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// `file:line: text` of every `guard … else { return }` that follows an expected error within a few lines, or
    /// that tests which database the test runs on.
    static func silentReturns() throws -> [String] {
        let files =
            FileManager.default.enumerator(at: testsFolder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        var found: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where Self.returnsEarly(line) {
                // The guard this `else` closes: a pattern match on an error, or a test of the database kind.
                let guardLine = lines[...index].last { $0.contains("guard ") } ?? line
                let before = lines[max(0, index - 8)..<index].joined(separator: "\n")
                let matchesAnError =
                    (guardLine.contains("guard case") || guardLine.contains(" as? "))
                    && (before.contains("#expect(throws") || before.contains("catch"))
                let onOneDatabase = ["isPostgres", "case .sqlite", "case .postgres"].contains { guardLine.contains($0) }
                if matchesAnError || onOneDatabase {
                    found.append("\(file.lastPathComponent):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        return found.sorted()
    }

    /// `file:line: text` of every `Store(` a persistence test builds instead of its `TestDatabase`'s (which writes as
    /// the server does), unless a comment just above says why it needs one of its own.
    static func storesOfTheirOwn() throws -> [String] {
        let folder = testsFolder.appendingPathComponent("BaomiPersistenceTests")
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter {
                $0.pathExtension == "swift"
                    && !["TestDatabase.swift", "TestHygieneTests.swift"].contains($0.lastPathComponent)
            }
            ?? []
        var found: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated()
            where line.range(of: #"(^|[^A-Za-z_.])Store\("#, options: .regularExpression) != nil
                && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
            {
                let above = lines[max(0, index - 2)..<index].joined(separator: "\n")
                if !above.contains("of its own") {
                    found.append("\(file.lastPathComponent):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        return found.sorted()
    }

    /// A line of code (not a comment) that leaves the test with `else { return }`.
    static func returnsEarly(_ line: String) -> Bool {
        !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
            && line.range(of: #"else\s*\{\s*return\s*\}"#, options: .regularExpression) != nil
    }

    @Test(
        "#14 no guard after an expected error returns without recording an issue; no test returns early on one database"
    )
    func noSilentReturns() throws {
        #expect(
            FileManager.default.fileExists(
                atPath: Self.testsFolder.appendingPathComponent("BaomiPersistenceTests").path))
        let found = try Self.silentReturns()
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test("#14 persistence tests write through their test database's store: the server's write path")
    func storesWriteAsTheServerDoes() throws {
        let found = try Self.storesOfTheirOwn()
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
