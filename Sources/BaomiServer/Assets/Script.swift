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
        """
}
