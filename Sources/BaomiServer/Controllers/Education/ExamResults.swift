import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// An exam's results per person, per department and as a contest's ranking (E6.2), built from its attempts.
enum ExamResults {
    struct Rank: Content {
        var rank: Int
        var personID: UUID
        var personName: String
        var departmentName: String
        var score: Int
        var secondsTaken: Int
        var attemptID: UUID
    }

    struct Department: Content {
        var departmentName: String
        var people: Int
        var passedPeople: Int
        var attempts: Int
        var averageBestScore: Double
    }

    /// Each person's best submitted attempt, ranked by score, then time taken, then who finished first (竞赛).
    static func ranking(_ attempts: [ExamAttemptModel]) -> [Rank] {
        var best: [UUID: ExamAttemptModel] = [:]
        for attempt in attempts {
            guard let key = key(attempt) else { continue }
            if let current = best[attempt.$person.id], let currentKey = self.key(current),
                !ExamRules.ranksBefore(key, currentKey)
            {
                continue
            }
            best[attempt.$person.id] = attempt
        }
        let ordered = best.values.sorted { left, right in
            guard let l = key(left), let r = key(right) else { return false }
            return ExamRules.ranksBefore(l, r)
        }
        return ordered.enumerated().map { position, attempt in
            Rank(
                rank: position + 1, personID: attempt.$person.id, personName: attempt.personName,
                departmentName: attempt.departmentName, score: attempt.score ?? 0,
                secondsTaken: attempt.secondsTaken ?? 0, attemptID: attempt.id ?? UUID())
        }
    }

    private static func key(_ attempt: ExamAttemptModel) -> (score: Int, seconds: Int, submittedAt: Date)? {
        guard let score = attempt.score, let submitted = attempt.submittedAt, let seconds = attempt.secondsTaken
        else { return nil }
        return (score, seconds, submitted)
    }

    /// Per department (as each attempt recorded it): people who took it, people who passed, the mean best score.
    static func departments(_ attempts: [ExamAttemptModel]) -> [Department] {
        let ranks = ranking(attempts)
        return Dictionary(grouping: attempts, by: \.departmentName).map { name, group in
            let people = Set(group.map(\.$person.id))
            let passed = Set(group.filter { $0.passed == true }.map(\.$person.id))
            let bests = ranks.filter { $0.departmentName == name }.map(\.score)
            return Department(
                departmentName: name, people: people.count, passedPeople: passed.count, attempts: group.count,
                averageBestScore: bests.isEmpty ? 0 : Double(bests.reduce(0, +)) / Double(bests.count))
        }.sorted { $0.departmentName < $1.departmentName }
    }

    static let headers = ["序号", "姓名", "部门", "第几次", "开始时间", "交卷时间", "用时（秒）", "得分", "满分", "是否及格"]

    /// The results as the CSV and xlsx downloads and `baomi exams results` lay them out.
    static func rows(_ attempts: [ExamAttemptModel]) -> [[String]] {
        attempts.enumerated().map { index, attempt in
            [
                String(index + 1), attempt.personName, attempt.departmentName, String(attempt.number),
                DisplayTime.format(attempt.startedAt), attempt.submittedAt.map(DisplayTime.format) ?? "未交卷",
                attempt.secondsTaken.map(String.init) ?? "", attempt.score.map(String.init) ?? "",
                String(attempt.maxScore), attempt.passed.map { $0 ? "及格" : "不及格" } ?? "",
            ]
        }
    }
}
