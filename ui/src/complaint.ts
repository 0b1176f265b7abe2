// One complaint's file: intake data, handler and why, deadlines, timeline; the handler's
// notes only for those who may read them (section 1); reassignment and audit trail for the
// coördinator. What is shown follows what Rust returns; Rust checks every action again.
import { api } from "./api";
import { alertBox, button, clearFieldErrors, field, h, readForm } from "./dom";
import type { ComplaintDetailView, OfficialView } from "./generated/ipc";
import { hasRole, type Shell } from "./shell";

export async function showComplaint(shell: Shell, reference: string, back: () => void): Promise<void> {
  let detail: ComplaintDetailView;
  try {
    detail = await api.complaintDetail(reference);
  } catch (error) {
    shell.handleError(error);
    return;
  }
  render(shell, detail, back);
}

function render(shell: Shell, detail: ComplaintDetailView, back: () => void): void {
  const backButton = button("← Terug naar de werkvoorraad", { id: "complaint-back" }, false);
  backButton.addEventListener("click", back);
  const facts: Array<[string, string]> = [
    ["Status", detail.status],
    ["Ontvangen", `${detail.received_on} via ${detail.channel}`],
    ["Klager", detail.complainant_name],
    ["Adres", detail.address],
    ["Telefoon", detail.phone],
    ["E-mail", detail.email],
    ["Gemachtigde", detail.representative],
    ["Soort klacht", detail.complaint_type],
    ["Afdeling", detail.department_name],
    ["Over", detail.respondent_names],
    ["Datum gedraging", detail.conduct_date],
  ];
  const list = h("dl", { class: "facts" });
  for (const [label, value] of facts) {
    if (value) list.append(h("dt", {}, label), h("dd", {}, value));
  }
  const deadlines = h("dl", { class: "facts" });
  for (const deadline of detail.deadlines) deadlines.append(h("dt", {}, deadline.label), h("dd", { "data-deadline": deadline.date }, deadline.date_text));

  const sections: Node[] = [
    h("section", { class: "panel" },
      backButton,
      h("h1", { class: "utrecht-heading-1", id: "complaint-title" }, `Klacht ${detail.reference}`),
      h("p", { class: "utrecht-paragraph", id: "complaint-handler" },
        h("strong", {}, "Behandelaar: "), `${detail.handler_name}, ${detail.handler_function}`),
      h("p", { class: "muted", id: "complaint-handler-reason" }, `Waarom: ${detail.handler_reason}`),
      h("div", { class: "two-columns" },
        h("div", {}, h("h2", { class: "utrecht-heading-2" }, "Gegevens"), list),
        h("div", {}, h("h2", { class: "utrecht-heading-2" }, "Termijnen"), deadlines)),
      h("h2", { class: "utrecht-heading-2" }, "Omschrijving"),
      h("p", { class: "utrecht-paragraph pre-wrap", id: "complaint-description" }, detail.description),
      detail.desired_outcome ? h("p", { class: "utrecht-paragraph pre-wrap" }, h("strong", {}, "Wil bereiken: "), detail.desired_outcome) : null),
    notesSection(shell, detail, back),
  ];
  if (detail.may_reassign) sections.push(reassignSection(shell, detail, back));
  sections.push(timelineSection(detail));
  if (hasRole(shell.user(), "klachtcoordinator")) sections.push(auditSection(shell, detail.reference));
  shell.show(...sections);
  backButton.focus();
}

function notesSection(shell: Shell, detail: ComplaintDetailView, back: () => void): HTMLElement {
  const section = h("section", { class: "panel", id: "notes", "aria-labelledby": "notes-title" },
    h("h2", { class: "utrecht-heading-2", id: "notes-title" }, "Notities van de behandelaar"));
  if (detail.notes === null) {
    section.append(h("p", { class: "utrecht-paragraph", id: "notes-hidden" },
      "De notities zijn alleen te lezen voor de behandelaar en de klachtcoördinator."));
    return section;
  }
  const list = h("ol", { class: "notes", id: "notes-list" });
  for (const note of detail.notes) {
    list.append(h("li", {}, h("div", { class: "muted" }, `${note.at} · ${note.author}`), h("p", { class: "pre-wrap" }, note.text)));
  }
  if (detail.notes.length === 0) list.append(h("li", { class: "muted" }, "Nog geen notities."));
  section.append(list);
  if (detail.may_add_note) {
    const form = h("form", { id: "note-form", novalidate: true },
      field("note", "Nieuwe notitie", { type: "textarea", wide: true, hint: "Bijvoorbeeld: klager gebeld, afspraak gemaakt." }),
      h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "note-submit" }, "Notitie opslaan"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      try {
        const updated = await api.addNote(detail.reference, readForm(form).note ?? "");
        render(shell, updated, back);
        shell.notify("ok", "De notitie is opgeslagen.");
      } catch (error) {
        shell.handleError(error, form);
      }
    });
    section.append(form);
  }
  return section;
}

function reassignSection(shell: Shell, detail: ComplaintDetailView, back: () => void): HTMLElement {
  const select = field("handler_id", "Nieuwe behandelaar", { type: "select", required: true, options: [["", "Kies…"]] });
  const form = h("form", { id: "reassign-form", novalidate: true },
    h("div", { class: "form-grid" }, select,
      field("reason", "Reden", { required: true, hint: "Komt in de tijdlijn en het auditlog." })),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "reassign-submit" }, "Toewijzen"));
  void api.listOrganisation().then((organisation) => {
    const control = select.querySelector("select");
    for (const official of organisation.officials) {
      if (official.id === detail.handler_id) continue;
      // Respondents stay in the list, marked, so the refusal (Awb 9:7) is explained, not hidden.
      const respondent = detail.respondent_ids.includes(official.id) ? " (beklaagde)" : "";
      control?.append(h("option", { value: official.id }, `${official.name}, ${official.position}${official.absent ? " (afwezig)" : ""}${respondent}`));
    }
  }).catch((error) => shell.handleError(error));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readForm(form);
    try {
      const updated = await api.reassignComplaint({ reference: detail.reference, handler_id: values.handler_id ?? "", reason: values.reason ?? "" });
      render(shell, updated, back);
      shell.notify("ok", `Klacht ${detail.reference} is toegewezen aan ${updated.handler_name}.`);
    } catch (error) {
      shell.handleError(error, form);
    }
  });
  return h("section", { class: "panel" }, h("h2", { class: "utrecht-heading-2" }, "Andere behandelaar toewijzen"), form);
}

function timelineSection(detail: ComplaintDetailView): HTMLElement {
  const body = h("tbody");
  for (const entry of detail.timeline) {
    body.append(h("tr", {}, h("td", {}, entry.at), h("td", {}, entry.actor), h("td", {}, entry.kind), h("td", {}, entry.detail)));
  }
  return h("section", { class: "panel" }, h("h2", { class: "utrecht-heading-2" }, "Tijdlijn"),
    h("table", { class: "worklist", id: "timeline" },
      h("thead", {}, h("tr", {}, ...["Wanneer", "Wie", "Wat", "Toelichting"].map((text) => h("th", { scope: "col" }, text)))),
      body));
}

function auditSection(shell: Shell, reference: string): HTMLElement {
  const holder = h("div", { id: "complaint-audit" });
  const load = button("Auditspoor tonen", { id: "complaint-audit-show" }, false);
  load.addEventListener("click", async () => {
    try {
      const entries = await api.complaintAudit(reference);
      const body = h("tbody");
      for (const entry of entries) {
        body.append(h("tr", {}, h("td", {}, entry.at), h("td", {}, entry.actor), h("td", {}, entry.workstation), h("td", {}, entry.action), h("td", {}, entry.result)));
      }
      holder.replaceChildren(h("table", { class: "worklist" },
        h("thead", {}, h("tr", {}, ...["Wanneer", "Gebruiker", "Werkplek", "Actie", "Resultaat"].map((text) => h("th", { scope: "col" }, text)))),
        body));
    } catch (error) {
      shell.handleError(error);
    }
  });
  return h("section", { class: "panel" }, h("h2", { class: "utrecht-heading-2" }, "Auditspoor"),
    h("p", { class: "muted" }, "Wie deze klacht heeft ingezien of gewijzigd, vanaf welke werkplek."), load, holder);
}

/** "Jan Smit, medewerker van Burgerzaken": how an official appears in pick lists. */
export function officialLabel(official: OfficialView): string {
  return `${official.name}, ${official.position}${official.absent ? " (afwezig)" : ""}`;
}

export function noContentNotice(text: string): HTMLElement {
  return alertBox("info", text);
}
