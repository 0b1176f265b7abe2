// The search over all complaints (issue 28): a box in the header on every screen (Ctrl+K) and
// the list of what it found, open, closed or destroyed, newest first, each opening the file.
// Rust decides which complaints the user may see.
import { api } from "./api";
import { showComplaint } from "./complaint";
import { alertBox, button, h, rowButton } from "./dom";
import type { Shell } from "./shell";

/** The header's search box; a complaint opened from the results returns to them. */
export function searchBox(shell: Shell): HTMLFormElement {
  const input = h("input", {
    type: "search",
    id: "search-all",
    name: "search",
    class: "utrecht-textbox utrecht-textbox--html-input",
    "aria-label": "Zoek een klacht op kenmerk, naam, adres of tekst",
    placeholder: "Zoek een klacht (Ctrl+K)",
    autocomplete: "off",
    maxlength: "200",
  });
  const form = h(
    "form",
    { role: "search", id: "search-form", class: "header-search" },
    input,
    h("button", { type: "submit", id: "search-submit" }, "Zoeken"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim() !== "") void showFound(shell, input.value.trim(), 0);
  });
  return form;
}

/** Ctrl+K (or Cmd+K) puts the cursor in the header's search box from any screen. */
export function focusSearchOnCtrlK(event: KeyboardEvent): void {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
    const input = document.querySelector<HTMLInputElement>("#search-all");
    if (input) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  }
}

async function showFound(shell: Shell, text: string, page: number): Promise<void> {
  let found;
  try {
    found = await api.findComplaints(text, page);
  } catch (error) {
    shell.handleError(error);
    return;
  }
  const again = () => void showFound(shell, text, page);
  const rows = found.rows.map((row) => {
    const open = rowButton("Openen", row.reference, { "data-found": row.reference });
    open.addEventListener("click", () => void showComplaint(shell, row.reference, again));
    return h(
      "tr",
      {},
      h("td", {}, row.reference),
      h("td", {}, row.destroyed ? "(vernietigd)" : row.complainant_name),
      h("td", {}, row.subject),
      h("td", {}, row.received_on),
      h("td", {}, row.destroyed ? "vernietigd" : row.status),
      h("td", {}, row.handler_name),
      h("td", {}, open),
    );
  });
  const more = (page + 1) * found.page_size < found.total;
  const navigation = h("div", { class: "utrecht-button-group" });
  if (page > 0) {
    const previous = button("Vorige", { id: "found-previous" }, false);
    previous.addEventListener("click", () => void showFound(shell, text, page - 1));
    navigation.append(previous);
  }
  if (more) {
    const next = button("Volgende", { id: "found-next" }, false);
    next.addEventListener("click", () => void showFound(shell, text, page + 1));
    navigation.append(next);
  }
  const title = h("h1", { class: "utrecht-heading-1", id: "found-title", tabindex: "-1" }, "Zoeken in alle klachten");
  shell.show(
    h(
      "section",
      { class: "panel", "aria-labelledby": "found-title" },
      title,
      h(
        "p",
        { class: "utrecht-paragraph", id: "found-summary", role: "status" },
        found.total === 0
          ? `Geen klacht gevonden voor ‘${text}’.`
          : `${found.total === 1 ? "1 klacht" : `${found.total} klachten`} gevonden voor ‘${text}’, de nieuwste eerst${page > 0 || more ? ` (pagina ${page + 1})` : ""}.`,
      ),
      found.search_note ? alertBox("warning", found.search_note, "found-note") : null,
      found.total === 0
        ? null
        : h(
            "table",
            { class: "worklist", id: "found-table" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ...["Kenmerk", "Klager", "Onderwerp", "Ontvangen", "Status", "Behandelaar", ""].map((label) =>
                  h("th", { scope: "col" }, label),
                ),
              ),
            ),
            h("tbody", {}, ...rows),
          ),
      navigation,
    ),
  );
  title.focus();
}
