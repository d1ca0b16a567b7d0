import BaomiDomain
import BaomiPersistence
import Foundation

/// Where a command writes its CSV: a file written beside its final name and moved into place — so a failed export
/// leaves no half ledger (rename(2) replaces an existing file atomically; Foundation's replaceItemAt does not on
/// Linux) — or standard output.
enum CSVOutput {
    /// Runs `write` with the handle to write to, then puts the file in place; on failure removes the partial file.
    static func write<T>(to output: URL?, _ write: (FileHandle) async throws -> T) async throws -> T {
        let partial = output.map {
            $0.deletingLastPathComponent().appendingPathComponent(".\($0.lastPathComponent).partial")
        }
        let handle: FileHandle
        if let partial {
            guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
                throw CommandLineFailure(zh: "无法写入 \(partial.path)", en: "Cannot write \(partial.path)")
            }
            handle = try FileHandle(forWritingTo: partial)
        } else {
            handle = FileHandle.standardOutput
        }
        do {
            let result = try await write(handle)
            if let output, let partial {
                try handle.close()
                guard rename(partial.path, output.path) == 0 else {
                    throw CommandLineFailure(
                        zh: "无法写入 \(output.path)（错误 \(errno)）", en: "Cannot write \(output.path) (errno \(errno))")
                }
            }
            return result
        } catch {
            if let partial {
                try? handle.close()
                try? FileManager.default.removeItem(at: partial)
            }
            throw error
        }
    }

    /// The marking of a workbook whose level column holds these names: the highest level on it (UI.md).
    static func marking(ofLevelNames names: [String], catalogue: LevelCatalogue) -> String {
        let present = Set(names)
        return catalogue.levels.filter { present.contains($0.name.zh) || present.contains($0.name.en) }
            .max { $0.protectionWeight < $1.protectionWeight }?.name.zh ?? ""
    }
}
