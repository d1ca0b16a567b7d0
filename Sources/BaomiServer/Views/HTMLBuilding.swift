import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// A node in a page body. Every helper below stays in Plot's body context so pieces compose freely.
typealias BodyNode = Node<HTML.BodyContext>

/// Small, escaped building blocks over Plot. Plot escapes text but not attribute values, so every attribute goes
/// through `H.attr`, which does.
enum H {
    static func attr(_ name: String, _ value: String) -> BodyNode {
        .attribute(named: name, value: escapeAttribute(value), ignoreIfValueIsEmpty: false)
    }

    static func el(_ name: String, _ attributes: [(String, String)] = [], _ children: [BodyNode] = []) -> BodyNode {
        .element(named: name, nodes: attributes.map { attr($0.0, $0.1) } + children)
    }

    static func el(_ name: String, _ attributes: [(String, String)] = [], text: String) -> BodyNode {
        el(name, attributes, [.text(text)])
    }

    static func void(_ name: String, _ attributes: [(String, String)]) -> BodyNode {
        .selfClosedElement(
            named: name,
            attributes: attributes.map {
                Attribute<HTML.BodyContext>(name: $0.0, value: escapeAttribute($0.1), ignoreIfValueIsEmpty: false)
            })
    }

    static func link(_ route: SiteRoute, query: String = "", _ text: String, classes: String = "") -> BodyNode {
        el("a", [("href", route.path + query)] + (classes.isEmpty ? [] : [("class", classes)]), text: text)
    }

    static func escapeAttribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.count)
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A table with a header row; `rows` already hold their cells.
    static func table(_ headers: [String], _ rows: [[BodyNode]], empty: String) -> BodyNode {
        if rows.isEmpty { return el("p", [("class", "empty")], text: empty) }
        return el(
            "div", [("class", "table-wrap")],
            [
                el(
                    "table", [("class", "ledger")],
                    [
                        el("thead", [], [el("tr", [], headers.map { el("th", [("scope", "col")], text: $0) })]),
                        el("tbody", [], rows.map { cells in el("tr", [], cells.map { el("td", [], [$0]) }) }),
                    ])
            ])
    }

    static func badge(_ text: String, kind: String) -> BodyNode {
        el("span", [("class", "badge badge-\(kind)")], text: text)
    }
}

/// Form pieces: every field labelled, required ones marked, the error next to the field with its rule (UI.md).
struct FormBuilder {
    let context: PageContext
    let values: [String: String]
    let errors: [FieldError]

    init(_ context: PageContext, values: [String: String] = [:], errors: [FieldError] = []) {
        self.context = context
        self.values = values
        self.errors = errors
    }

    /// A form with one submit button; `primary: false` for secondary actions, `confirm` asks before irreversible ones.
    func form(
        action: SiteRoute, submit: String, _ fields: [BodyNode], id: String = "", primary: Bool = true,
        confirm: String? = nil
    ) -> BodyNode {
        H.el(
            "form",
            [("method", "post"), ("action", action.path), ("class", "form")] + (id.isEmpty ? [] : [("id", id)])
                + (confirm.map { [("data-confirm", $0)] } ?? []),
            [csrf()] + summary() + fields + [
                H.el(
                    "div", [("class", "actions")],
                    [H.el("button", [("type", "submit"), ("class", primary ? "primary" : "secondary")], text: submit)])
            ])
    }

    func csrf() -> BodyNode {
        H.void("input", [("type", "hidden"), ("name", "csrf"), ("value", context.csrfToken)])
    }

    private func summary() -> [BodyNode] {
        guard !errors.isEmpty else { return [] }
        let items = errors.map { error in
            H.el(
                "li", [],
                [
                    H.el(
                        "a", [("href", "#e-\(error.field)")],
                        text: error.message.text(in: context.language) + (error.rule.map { " (\($0))" } ?? ""))
                ])
        }
        return [
            H.el(
                "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "form-errors")],
                [.text(context.t("请修正以下问题：", "Please correct the following:")), H.el("ul", [], items)])
        ]
    }

    func text(
        _ name: String, _ label: String, required: Bool = false, type: String = "text", hint: String? = nil,
        autocomplete: String? = nil
    ) -> BodyNode {
        var attributes = [
            ("type", type), ("id", "f-\(name)"), ("name", name),
            ("value", type == "password" ? "" : values[name] ?? ""),
        ]
        if required { attributes.append(("required", "required")) }
        if let autocomplete { attributes.append(("autocomplete", autocomplete)) }
        attributes += invalidAttributes(name)
        return field(name, label, required: required, hint: hint, control: H.void("input", attributes))
    }

    func select(
        _ name: String, _ label: String, options: [(value: String, label: String)], required: Bool = false,
        includeEmpty: Bool = true, emptyLabel: String? = nil
    ) -> BodyNode {
        let current = values[name] ?? ""
        var optionNodes: [BodyNode] = []
        if includeEmpty {
            optionNodes.append(H.el("option", [("value", "")], text: emptyLabel ?? context.t("（无）", "(none)")))
        }
        for option in options {
            var attributes = [("value", option.value)]
            if option.value == current { attributes.append(("selected", "selected")) }
            optionNodes.append(H.el("option", attributes, text: option.label))
        }
        var attributes = [("id", "f-\(name)"), ("name", name)] + invalidAttributes(name)
        if required { attributes.append(("required", "required")) }
        return field(name, label, required: required, hint: nil, control: H.el("select", attributes, optionNodes))
    }

    func checkbox(_ name: String, _ label: String, value: String = "true") -> BodyNode {
        var attributes = [
            ("type", "checkbox"), ("id", "f-\(name.replacingOccurrences(of: "[]", with: ""))-\(value)"), ("name", name),
            ("value", value),
        ]
        let checkedValues = (values[name] ?? "").split(separator: ",").map(String.init)
        if checkedValues.contains(value) { attributes.append(("checked", "checked")) }
        return H.el(
            "div", [("class", "check")],
            [
                H.void("input", attributes),
                H.el("label", [("for", "f-\(name.replacingOccurrences(of: "[]", with: ""))-\(value)")], text: label),
            ] + errorNodes(name))
    }

    private func field(_ name: String, _ label: String, required: Bool, hint: String?, control: BodyNode) -> BodyNode {
        var labelChildren: [BodyNode] = [.text(label)]
        if required {
            labelChildren.append(
                H.el("span", [("class", "required"), ("title", context.t("必填", "required"))], text: " *"))
        }
        var children: [BodyNode] = [H.el("label", [("for", "f-\(name)")], labelChildren), control]
        if let hint { children.append(H.el("div", [("class", "hint")], text: hint)) }
        children += errorNodes(name)
        return H.el("div", [("class", errors.contains { $0.field == name } ? "field has-error" : "field")], children)
    }

    private func invalidAttributes(_ name: String) -> [(String, String)] {
        errors.contains { $0.field == name } ? [("aria-invalid", "true"), ("aria-describedby", "e-\(name)")] : []
    }

    private func errorNodes(_ name: String) -> [BodyNode] {
        errors.filter { $0.field == name }.map { error in
            let rule = error.rule.map { " (\($0))" } ?? ""
            return H.el(
                "div", [("class", "field-error"), ("id", "e-\(name)")],
                text: error.message.text(in: context.language) + rule)
        }
    }

}
