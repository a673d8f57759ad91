import HTTPTypes
import Hummingbird

/// The alert queue's keyboard shortcuts: a small script served by the binary, a progressive enhancement (the
/// queue works the same without it). `j`/`k` move the focused row, Enter or `o` opens its case, `x` toggles its
/// bulk checkbox, `/` goes to the filter, `?` opens the help dialog (Escape closes it, focus returns). Keys are
/// ignored while typing in a text field, and when a modifier is held; Enter on a row's own link is the link's.
extension Workbench {
    /// The queue's shortcut script, served at `/static/queue.js`.
    static let queueScript = """
        "use strict";
        (function () {
          var table = document.getElementById("queue");
          var dialog = document.getElementById("shortcuts");
          if (!table || !dialog || typeof dialog.showModal !== "function") return;
          var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
          var current = -1;
          var opener = null;
          rows.forEach(function (row, index) {
            row.tabIndex = -1;
            row.addEventListener("focus", function () { current = index; });
          });
          document.getElementById("shortcut-hint").hidden = false;
          function move(step) {
            if (rows.length === 0) return;
            current = Math.max(0, Math.min(rows.length - 1, current + step));
            rows[current].focus();
          }
          function typing(element) {
            if (!element || element.isContentEditable) return true;
            if (element.tagName === "TEXTAREA" || element.tagName === "SELECT") return true;
            if (element.tagName !== "INPUT") return false;
            return ["checkbox", "radio", "button", "submit", "reset"].indexOf(element.type) < 0;
          }
          function rowOf(target) {
            var row = target && typeof target.closest === "function" ? target.closest("tr[data-href]") : null;
            return row && rows.indexOf(row) >= 0 ? row : null;
          }
          function closeHelp() { dialog.close(); }
          dialog.addEventListener("close", function () {
            if (opener && typeof opener.focus === "function") opener.focus();
            opener = null;
          });
          document.getElementById("shortcuts-close").addEventListener("click", closeHelp);
          document.addEventListener("keydown", function (event) {
            if (dialog.open || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
            var row = rowOf(event.target);
            switch (event.key) {
              case "j": move(1); break;
              case "k": move(-1); break;
              case "Enter":
                if (!row || row !== event.target) return;
                window.location.assign(row.dataset.href);
                break;
              case "o":
                if (!row) return;
                window.location.assign(row.dataset.href);
                break;
              case "x":
                if (!row) return;
                var box = row.querySelector("input[type=checkbox]");
                if (box) box.click();
                break;
              case "/": document.getElementById("status").focus(); break;
              case "?":
                opener = document.activeElement;
                dialog.showModal();
                document.getElementById("shortcuts-close").focus();
                break;
              default: return;
            }
            event.preventDefault();
          });
        })();
        """

    func addQueueShortcutRoutes(to router: Router<WorkbenchContext>) {
        router.get("/static/queue.js") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.queueScript)))
        }
    }
}
