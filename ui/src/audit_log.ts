// The Beheerder's audit log (SEC-02): filtered by who and when, its hash chain checked, and
// exported as CSV. Reading it is itself logged.
import { api, asCommandError } from "./api";
import { alertBox, button, field, h, readForm, showFieldErrors } from "./dom";
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
  } catch (error) {
    const problem = asCommandError(error);
    if (problem.kind === "validation") showFieldErrors(form, problem.fields);
    else shell.handleError(error);
  }
}
