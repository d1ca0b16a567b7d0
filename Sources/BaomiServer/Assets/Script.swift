/// The little JavaScript Baomi has, served from a file because the CSP allows no inline script.
enum Script {
    static let javascript = """
        // Ask before a form marked data-confirm is sent (destructive or irreversible actions).
        document.addEventListener("submit", function (event) {
          var form = event.target;
          var question = form.getAttribute("data-confirm");
          if (question && !window.confirm(question)) { event.preventDefault(); }
        });
        // Auto-submit filter selects so a ledger filter is one click.
        document.querySelectorAll("form.filters select").forEach(function (select) {
          select.addEventListener("change", function () { select.form.submit(); });
        });
        // An exam paper saves each answer as it is given (E6.2), so a dropped connection loses nothing; the
        // "save answers" button does the same without script.
        document.querySelectorAll("form[data-autosave]").forEach(function (form) {
          var status = document.querySelector("[data-save-status]");
          form.addEventListener("change", function (event) {
            var fieldset = event.target.closest("fieldset[data-question]");
            if (!fieldset) { return; }
            var body = new URLSearchParams();
            body.append("csrf", form.querySelector("input[name=csrf]").value);
            body.append("present", fieldset.getAttribute("data-question"));
            fieldset.querySelectorAll("input").forEach(function (input) {
              if (input.name === "present") { return; }
              if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
              body.append(input.name, input.value);
            });
            fetch(form.getAttribute("data-autosave"), {
              method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
            }).then(function (response) {
              if (status) { status.textContent = response.ok ? "已保存 / Saved" : "未保存 / Not saved (" + response.status + ")"; }
            });
          });
        });
        """
}
