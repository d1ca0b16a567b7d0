import FluentKit

/// Reading a model that has `@Children` without their own output: FluentKit's makes a whole new parent model on
/// every read only to learn the name of its id column, and a request or a carrier is read on every hand-over
/// (issue #4). The model sets its children's parent id itself, from the id just read — what theirs would have set.
enum ChildrenOutput {
    /// Reads every property but the last `children`, where each model lists its `@Children` (checked by
    /// `ModelPropertyListTests`).
    static func read(_ model: some Fields, from output: any DatabaseOutput, childrenListedLast children: Int) throws {
        for property in model.properties.dropLast(children) {
            try (property as? any AnyDatabaseProperty)?.output(from: output)
        }
    }
}
