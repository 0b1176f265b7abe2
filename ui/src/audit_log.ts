// The Beheerder's audit log (SEC-02): filtered by who and when, its hash chain checked, and
// exported as CSV; on the shared store also the server's own record of writes (SEC-07).
// Reading either is itself logged.
import { api, asCommandError } from "./api";
import { alertBox, button, field, h, readForm, showFieldErrors } from "./dom";
import type { ServerChangeView } from "./generated/ipc";
import type { Shell } from "./shell";

export async function showAuditLog(shell: Shell, filter = { actor: "", from: "", until: "" }): Promise<void> {
  const form = h(
    "form",
    { id: "audit-filter", novalidate: true },
    h(
      "div",
      { class: "form-grid three" },
      field("actor", "Gebruiker", { value: filter.actor }),
      field("from", "Vanaf", { type: "date", value: filter.from }),
      field("until", "Tot en met", { type: "date", value: filter.until }),
    ),
    h(
      "div",
      { class: "utrecht-button-group" },
      h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "audit-submit" }, "Tonen"),
      button("Exporteren als CSV", { id: "audit-export" }, false),
    ),
  );
  const statusBox = h("div", { id: "audit-status" });
  const body = h("tbody");
  const serverSection = h("section", { id: "server-changes", hidden: true });
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, "Auditlog"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Elke inzage van persoonsgegevens en elke wijziging, met gebruiker, werkplek en tijd. Elke regel bevat de hash van de vorige, zodat wijzigen of verwijderen opvalt.",
      ),
      form,
      statusBox,
      h(
        "table",
        { class: "worklist", id: "audit-entries" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["Nr.", "Tijdstip", "Gebruiker", "Werkplek", "Actie", "Object", "Resultaat"].map((text) => h("th", { scope: "col" }, text)),
          ),
        ),
        body,
      ),
      serverSection,
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = readForm(form);
    void showAuditLog(shell, { actor: values.actor ?? "", from: values.from ?? "", until: values.until ?? "" });
  });
  form.querySelector("#audit-export")?.addEventListener("click", async () => {
    const values = readForm(form);
    try {
      const saved = await api.exportAuditCsv({ actor: values.actor ?? "", from: values.from ?? "", until: values.until ?? "" });
      shell.notify("ok", `Het auditlog is opgeslagen in ${saved.path}.`);
    } catch (error) {
      shell.handleError(error, form);
    }
  });
  try {
    const log = await api.auditLog(filter);
    statusBox.replaceChildren(alertBox(log.intact ? "ok" : "error", log.summary));
    statusBox.dataset.intact = String(log.intact);
    if (!log.intact) {
      // SEC-02: while the end of the log is damaged nothing can be saved; the Beheerder
      // acknowledges it here (one entry records what was found) after reporting it.
      const acknowledge = button("Aantasting bevestigen en weer opslaan toestaan", { id: "audit-acknowledge" }, false);
      acknowledge.addEventListener("click", async () => {
        if (
          !window.confirm(
            "Heeft u de aantasting gemeld aan de beveiligingsfunctionaris? Na bevestigen wordt de bevinding in het auditlog vastgelegd en kan er weer worden opgeslagen.",
          )
        )
          return;
        try {
          shell.notify("ok", await api.acknowledgeAuditDamage());
          void showAuditLog(shell, filter);
        } catch (error) {
          shell.handleError(error);
        }
      });
      statusBox.append(acknowledge);
    }
    for (const entry of log.entries) {
      body.append(
        h(
          "tr",
          {},
          h("td", {}, String(entry.sequence)),
          h("td", {}, entry.at),
          h("td", {}, entry.actor),
          h("td", {}, entry.workstation),
          h("td", {}, entry.action),
          h("td", {}, entry.object),
          h("td", {}, entry.result),
        ),
      );
    }
    if (log.entries.length === 0) body.append(h("tr", {}, h("td", { colspan: "7" }, "Geen regels voor dit filter.")));
    const changes = await api.serverChanges();
    if (changes !== null) showServerChanges(serverSection, changes);
  } catch (error) {
    const problem = asCommandError(error);
    if (problem.kind === "validation") showFieldErrors(form, problem.fields);
    else shell.handleError(error);
  }
}

// SEC-07: the newest writes as the shared server recorded them, with the database login that
// made each: a change made with psql instead of Klachtbalie shows here too. Never a value.
function showServerChanges(section: HTMLElement, changes: ServerChangeView[]): void {
  const headings = ["Tijdstip", "Login", "Adres", "Tabel", "Wijziging", "Rij", "Klacht", "Kolommen"];
  const rows = changes.map((change) => {
    const cells = [change.at, change.login, change.client, change.table, change.operation, change.row, change.complaint, change.columns];
    // data-label: the heading before each cell when a narrow window shows rows as blocks.
    return h("tr", {}, ...cells.map((text, index) => h("td", { "data-label": headings[index] }, text)));
  });
  if (rows.length === 0) rows.push(h("tr", {}, h("td", { colspan: "8" }, "De server heeft nog geen wijzigingen vastgelegd.")));
  section.replaceChildren(
    h("h2", { class: "utrecht-heading-2" }, "Wijzigingen volgens de server"),
    h(
      "p",
      { class: "utrecht-paragraph" },
      `De database legt zelf elke wijziging vast, met de databaselogin die haar deed, ook een wijziging buiten Klachtbalie om (bijvoorbeeld met psql). Alleen namen van tabellen en kolommen, nooit gegevens. De nieuwste ${changes.length}; alles met klachtbalie-cli server-changes.`,
    ),
    h(
      "table",
      { class: "worklist", id: "server-changes-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ...["Tijdstip", "Login", "Adres", "Tabel", "Wijziging", "Rij", "Klacht", "Kolommen"].map((text) =>
            h("th", { scope: "col" }, text),
          ),
        ),
      ),
      h("tbody", {}, ...rows),
    ),
  );
  section.hidden = false;
}
