// One complaint's file: intake data, handler and why, deadlines, timeline; the handler's
// notes only for those who may read them (section 1); reassignment and audit trail for the
// coördinator. What is shown follows what Rust returns; Rust checks every action again.
import { api, asCommandError, type CommandError } from "./api";
import { alertBox, button, clearFieldErrors, field, h, readForm } from "./dom";
import type { ComplaintDetailView, LiveChange, OfficialView, RecipientRequest } from "./generated/ipc";
import { correctionSection, recipientsSection, retentionSection } from "./privacy";
import { lettersSection, reloadLettersLive } from "./letters";
import { procedureSection } from "./procedure";
import { may, type Shell } from "./shell";

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

/** The complaint file on screen, for live updates. */
let shown: { shell: Shell; detail: ComplaintDetailView; back: () => void; root: HTMLElement } | null = null;

// A form the user typed or chose something in is "dirty": a live update never re-renders it.
for (const type of ["input", "change"]) {
  document.addEventListener(
    type,
    (event) => {
      if (event.target instanceof Element) event.target.closest("form")?.setAttribute("data-dirty", "true");
    },
    true,
  );
}

/** The forms the user is working in: an open step form, and any form typed or chosen in. */
function formsInUse(root: ParentNode): HTMLFormElement[] {
  return Array.from(root.querySelectorAll<HTMLFormElement>("#step-form form, form[data-dirty]"));
}

function hasOpenForm(root: ParentNode): boolean {
  return formsInUse(root).length > 0;
}

/**
 * Another desk changed complaints. When a complaint file is on screen (returns
 * true) and it is one of them, it is read again; if that changed anything it is shown anew,
 * or, while the user has a form open, a notice offers the new data instead, so nothing typed
 * is lost. A change this desk made itself reads back the same and shows nothing.
 */
export async function refreshShownComplaint(change: LiveChange): Promise<boolean> {
  const current = shown;
  if (!current || !current.root.isConnected) return false;
  if (!change.refresh_all && !change.complaint_ids.includes(current.detail.id)) return true;
  let fresh: ComplaintDetailView;
  try {
    fresh = await api.complaintDetail(current.detail.reference, true);
  } catch (error) {
    current.shell.handleError(error);
    return true;
  }
  if (shown !== current || !current.root.isConnected) return true; // the user moved on meanwhile
  if (JSON.stringify(fresh) === JSON.stringify(current.detail)) {
    // A letter made, approved or sent elsewhere leaves the file itself as it was.
    const letters = (current.root.parentElement ?? current.root).querySelector<HTMLElement>("#letters");
    if (letters) reloadLettersLive(letters);
    return true;
  }
  const main = current.root.parentElement ?? current.root;
  if (hasOpenForm(main)) {
    showChangedNotice(current.shell, current.detail.reference, current.back, current.root);
    return true;
  }
  const scroll = window.scrollY;
  render(current.shell, fresh, current.back, false);
  window.scrollTo(0, scroll);
  return true;
}

function showChangedNotice(shell: Shell, reference: string, back: () => void, root: HTMLElement): void {
  const again = button("Nieuwe gegevens tonen", { id: "live-notice-show" }, false);
  again.addEventListener("click", () => void showFreshAroundForms(shell, reference, back));
  const notice = h(
    "div",
    { class: "utrecht-alert utrecht-alert--warning", role: "status", id: "live-notice" },
    h(
      "div",
      { class: "utrecht-alert__content" },
      h(
        "p",
        { class: "utrecht-alert__message utrecht-paragraph" },
        "Deze klacht is intussen op een andere werkplek gewijzigd. Wat u typte, staat er nog. Kies 'Nieuwe gegevens tonen': de gegevens worden bijgewerkt en uw formulier blijft open.",
      ),
      again,
    ),
  );
  // First in the content and sticky (styles.css), so it is seen wherever the user is typing.
  const existing = document.getElementById("live-notice");
  if (existing) existing.replaceWith(notice);
  else root.before(notice);
}

/**
 * The file read again and shown around the forms the user is working in (and
 * `also`), which stay as they are, with what was typed; they are now based on the new version.
 * Returns false when the file could not be read (the error is shown).
 */
async function showFreshAroundForms(shell: Shell, reference: string, back: () => void, also?: HTMLFormElement): Promise<boolean> {
  let fresh: ComplaintDetailView;
  try {
    fresh = await api.complaintDetail(reference);
  } catch (error) {
    shell.handleError(error);
    return false;
  }
  const root = shown?.root.parentElement;
  const keep = root ? formsInUse(root) : [];
  if (also && !keep.includes(also)) keep.push(also);
  const scroll = window.scrollY;
  render(shell, fresh, back, false, keep);
  window.scrollTo(0, scroll);
  return true;
}

/**
 * A save refused because another desk changed the complaint since the form was
 * opened. The message goes at the top of the form (an alert, focused); the form stays open with
 * everything typed; the file around it shows the new data, whose version the form now carries,
 * so saving again after reading it goes through. Returns false for any other error.
 */
function handleConflict(shell: Shell, error: unknown, form: HTMLFormElement): boolean {
  const problem = asCommandError(error);
  if (problem.kind !== "conflict") return false;
  void showConflict(shell, problem, form);
  return true;
}

async function showConflict(shell: Shell, problem: CommandError, form: HTMLFormElement): Promise<void> {
  document.getElementById("conflict-alert")?.remove();
  const alert = h(
    "div",
    { class: "utrecht-alert utrecht-alert--error", role: "alert", id: "conflict-alert", tabindex: "-1" },
    h(
      "div",
      { class: "utrecht-alert__content" },
      h("p", { class: "utrecht-alert__message utrecht-paragraph" }, h("strong", {}, "Niet opgeslagen. "), problem.message),
    ),
  );
  form.prepend(alert);
  const current = shown;
  if (current && current.root.isConnected) await showFreshAroundForms(current.shell, current.detail.reference, current.back, form);
  if (alert.isConnected) {
    alert.focus();
    alert.scrollIntoView({ block: "nearest" });
  } else {
    shell.notify("error", problem.message);
  }
}

/** Removes a conflict message from a form that is being saved again. */
function clearConflict(form: HTMLFormElement): void {
  form.querySelector("#conflict-alert")?.remove();
}

/** The version of the complaint a form is based on (set when it is made, renewed when the file is shown anew around it). */
function versionOf(form: HTMLFormElement): number | null {
  const version = Number(form.dataset.version);
  return form.dataset.version !== undefined && Number.isInteger(version) ? version : null;
}

/** Puts a form that stayed open into the new file: where its fresh twin is, else at the step forms' place. */
function placeKeptForm(form: HTMLFormElement, sections: HTMLElement[]): void {
  const inSections = (css: string): Element | null => {
    for (const section of sections) {
      const found = section.matches(css) ? section : section.querySelector(css);
      if (found) return found;
    }
    return null;
  };
  const twin = form.id ? inSections(`#${CSS.escape(form.id)}`) : null;
  if (twin && twin !== form) {
    twin.replaceWith(form);
    return;
  }
  const holder = inSections("#step-form");
  if (form.classList.contains("step-form") && holder) {
    holder.replaceChildren(form);
    return;
  }
  // Its part of the file is no longer shown (say, the user may no longer reassign): the form
  // stays with what was typed, under the file's first part.
  sections[0]?.append(form);
}

function render(shell: Shell, detail: ComplaintDetailView, back: () => void, focus = true, keep: HTMLFormElement[] = []): void {
  const backButton = button("← Terug naar de werkvoorraad", { id: "complaint-back" }, false);
  backButton.addEventListener("click", back);
  const facts: Array<[string, string]> = [
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
    ["Kenmerk vorig systeem", detail.previous_reference ?? ""],
  ];
  const list = h("dl", { class: "facts" });
  for (const [label, value] of facts) {
    if (value) list.append(h("dt", {}, label), h("dd", {}, value));
  }
  const deadlines = h("dl", { class: "facts", id: "running-deadlines" });
  for (const deadline of detail.running) {
    deadlines.append(
      h("dt", {}, deadline.label),
      h(
        "dd",
        { "data-deadline": deadline.date, "data-kind": deadline.kind },
        h("span", { class: `light light--${deadline.light}`, "data-light": deadline.light }, deadline.light_label),
        ` ${deadline.date_text}`,
      ),
    );
  }
  if (detail.running.length === 0)
    deadlines.append(h("dt", {}, "Beslistermijn"), h("dd", {}, `${detail.decision_due_text} (loopt niet meer)`));
  for (const note of detail.term_notes) deadlines.append(h("dt", {}, "Let op"), h("dd", {}, note));
  if (detail.retention) deadlines.append(h("dt", {}, "Bewaartermijn"), h("dd", { id: "complaint-retention" }, detail.retention));

  const sections: Node[] = [
    h(
      "section",
      { class: "panel" },
      backButton,
      h("h1", { class: "utrecht-heading-1", id: "complaint-title" }, `Klacht ${detail.reference}`),
      h(
        "p",
        { class: "utrecht-paragraph" },
        h("strong", {}, "Status: "),
        h("span", { id: "complaint-status", "data-status": detail.status_code }, detail.status),
        detail.closing_detail ? ` — ${detail.closing_detail}` : "",
      ),
      detail.destroyed ? alertBox("info", detail.destroyed, "complaint-destroyed") : null,
      detail.destroyed
        ? null
        : h(
            "p",
            { class: "utrecht-paragraph", id: "complaint-handler" },
            h("strong", {}, "Behandelaar: "),
            `${detail.handler_name}, ${detail.handler_function}`,
          ),
      detail.destroyed ? null : h("p", { class: "muted", id: "complaint-handler-reason" }, `Waarom: ${detail.handler_reason}`),
      h(
        "div",
        { class: "two-columns" },
        h("div", {}, h("h2", { class: "utrecht-heading-2" }, "Gegevens"), list),
        h("div", {}, h("h2", { class: "utrecht-heading-2" }, "Termijnen"), deadlines),
      ),
      detail.destroyed ? null : h("h2", { class: "utrecht-heading-2" }, "Omschrijving"),
      detail.destroyed ? null : h("p", { class: "utrecht-paragraph pre-wrap", id: "complaint-description" }, detail.description),
      detail.desired_outcome
        ? h("p", { class: "utrecht-paragraph pre-wrap" }, h("strong", {}, "Wil bereiken: "), detail.desired_outcome)
        : null,
    ),
    // AVG-02: of a destroyed complaint only its facts, its destruction and the timeline remain.
    detail.destroyed
      ? h("div")
      : procedureSection(shell, detail, {
          show: (updated) => render(shell, updated, back),
          conflict: (error, form) => handleConflict(shell, error, form),
          versionOf: (form) => {
            clearConflict(form);
            return versionOf(form);
          },
        }),
    // A letters form in use keeps the letters part as it is (it loads and reloads itself).
    detail.destroyed
      ? h("div")
      : (keptLetters(keep) ??
        lettersSection(shell, detail.reference, () => void showComplaint(shell, detail.reference, back), {
          version: () => (shown?.detail.reference === detail.reference ? shown.detail.version : detail.version),
          conflict: (error, form) => handleConflict(shell, error, form),
        })),
    detail.destroyed ? h("div") : notesSection(shell, detail, back),
  ];
  if (detail.may_reassign) sections.push(reassignSection(shell, detail, back));
  if (detail.contact) {
    const contact = detail.contact;
    sections.push(
      correctionSection(detail, contact, async (form, values) => {
        clearConflict(form);
        try {
          const updated = await api.correctContactData({ ...values, reference: detail.reference, version: versionOf(form) });
          render(shell, updated, back, false);
          const passOn =
            updated.recipients && updated.recipients.length > 0
              ? ` Geef de correctie door aan: ${updated.recipients.map((r) => r.recipient).join(", ")} (AVG artikel 19).`
              : "";
          shell.notify(
            "ok",
            `De gegevens van de klager zijn gecorrigeerd. Brieven die al zijn verstuurd, blijven zoals ze zijn verstuurd.${passOn}`,
          );
        } catch (error) {
          if (!handleConflict(shell, error, form)) shell.handleError(error, form);
        }
      }),
    );
  }
  if (detail.recipients && !detail.destroyed) {
    // Who may correct the complainant's data may also record a recipient (both: working on it).
    const save = detail.contact
      ? async (form: HTMLFormElement, request: RecipientRequest) => {
          clearConflict(form);
          try {
            const updated = await api.recordRecipient({ ...request, version: versionOf(form) });
            render(shell, updated, back, false);
            shell.notify("ok", "De ontvanger is vastgelegd.");
          } catch (error) {
            if (!handleConflict(shell, error, form)) shell.handleError(error, form);
          }
        }
      : null;
    sections.push(recipientsSection(detail, detail.recipients, save));
  }
  if (detail.retention_marks) {
    sections.push(
      retentionSection(
        detail,
        detail.retention_marks,
        async (form, marks) => {
          try {
            const updated = await api.setRetentionMarks(detail.reference, marks);
            render(shell, updated, back, false);
            shell.notify("ok", updated.retention ?? "De bewaarklasse is opgeslagen.");
          } catch (error) {
            shell.handleError(error, form);
          }
        },
        async (form, reason) => {
          try {
            const list = await api.proposeErasure(detail.reference, reason);
            shell.notify(
              "ok",
              `Het wissen van ${detail.reference} is voorgesteld (lijst ${list.id}). Een andere klachtcoördinator bevestigt het onder Vernietiging.`,
            );
          } catch (error) {
            shell.handleError(error, form);
          }
        },
      ),
    );
  }
  sections.push(timelineSection(detail));
  if (may(shell.user()).complaint_audit) sections.push(auditSection(shell, detail.reference));
  const letters = sections[2] as HTMLElement;
  for (const form of keep) {
    if (!letters.contains(form)) placeKeptForm(form, sections as HTMLElement[]);
  }
  shell.show(...sections);
  // Every form of the file is now based on what it shows.
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>("#main form[data-version]")))
    form.dataset.version = String(detail.version);
  shown = { shell, detail, back, root: sections[0] as HTMLElement };
  if (focus) backButton.focus();
}

/** The letters part on screen, when a form the user works in is inside it. */
function keptLetters(keep: HTMLFormElement[]): HTMLElement | null {
  const letters = document.getElementById("letters");
  return letters && keep.some((form) => letters.contains(form)) ? letters : null;
}

function notesSection(shell: Shell, detail: ComplaintDetailView, back: () => void): HTMLElement {
  const section = h(
    "section",
    { class: "panel", id: "notes", "aria-labelledby": "notes-title" },
    h("h2", { class: "utrecht-heading-2", id: "notes-title" }, "Notities van de behandelaar"),
  );
  if (detail.notes === null) {
    section.append(
      h(
        "p",
        { class: "utrecht-paragraph", id: "notes-hidden" },
        "De notities zijn alleen te lezen voor de behandelaar en de klachtcoördinator.",
      ),
    );
    return section;
  }
  const list = h("ol", { class: "notes", id: "notes-list" });
  for (const note of detail.notes) {
    list.append(h("li", {}, h("div", { class: "muted" }, `${note.at} · ${note.author}`), h("p", { class: "pre-wrap" }, note.text)));
  }
  if (detail.notes.length === 0) list.append(h("li", { class: "muted" }, "Nog geen notities."));
  section.append(list);
  if (detail.may_add_note) {
    const form = h(
      "form",
      { id: "note-form", novalidate: true },
      field("note", "Nieuwe notitie", { type: "textarea", wide: true, hint: "Bijvoorbeeld: klager gebeld, afspraak gemaakt." }),
      h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "note-submit" }, "Notitie opslaan"),
    );
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
  const form = h(
    "form",
    { id: "reassign-form", novalidate: true, "data-version": String(detail.version) },
    h("div", { class: "form-grid" }, select, field("reason", "Reden", { required: true, hint: "Komt in de tijdlijn en het auditlog." })),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "reassign-submit" }, "Toewijzen"),
  );
  void api
    .listOrganisation()
    .then((organisation) => {
      const control = select.querySelector("select");
      for (const official of organisation.officials) {
        if (official.id === detail.handler_id) continue;
        // Respondents stay in the list, marked, so the refusal (Awb 9:7) is explained, not hidden.
        const respondent = detail.respondent_ids.includes(official.id) ? " (beklaagde)" : "";
        control?.append(
          h("option", { value: official.id }, `${official.name}, ${official.position}${official.absent ? " (afwezig)" : ""}${respondent}`),
        );
      }
    })
    .catch((error) => shell.handleError(error));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearConflict(form);
    const values = readForm(form);
    try {
      const updated = await api.reassignComplaint({
        reference: detail.reference,
        handler_id: values.handler_id ?? "",
        reason: values.reason ?? "",
        version: versionOf(form),
      });
      render(shell, updated, back);
      shell.notify("ok", `Klacht ${detail.reference} is toegewezen aan ${updated.handler_name}.`);
    } catch (error) {
      if (!handleConflict(shell, error, form)) shell.handleError(error, form);
    }
  });
  return h("section", { class: "panel" }, h("h2", { class: "utrecht-heading-2" }, "Andere behandelaar toewijzen"), form);
}

function timelineSection(detail: ComplaintDetailView): HTMLElement {
  const body = h("tbody");
  for (const entry of detail.timeline) {
    body.append(h("tr", {}, h("td", {}, entry.at), h("td", {}, entry.actor), h("td", {}, entry.kind), h("td", {}, entry.detail)));
  }
  return h(
    "section",
    { class: "panel" },
    h("h2", { class: "utrecht-heading-2" }, "Tijdlijn"),
    h(
      "table",
      { class: "worklist", id: "timeline" },
      h("thead", {}, h("tr", {}, ...["Wanneer", "Wie", "Wat", "Toelichting"].map((text) => h("th", { scope: "col" }, text)))),
      body,
    ),
  );
}

function auditSection(shell: Shell, reference: string): HTMLElement {
  const holder = h("div", { id: "complaint-audit" });
  const load = button("Auditspoor tonen", { id: "complaint-audit-show" }, false);
  load.addEventListener("click", async () => {
    try {
      const entries = await api.complaintAudit(reference);
      const body = h("tbody");
      for (const entry of entries) {
        body.append(
          h(
            "tr",
            {},
            h("td", {}, entry.at),
            h("td", {}, entry.actor),
            h("td", {}, entry.workstation),
            h("td", {}, entry.action),
            h("td", {}, entry.result),
          ),
        );
      }
      holder.replaceChildren(
        h(
          "table",
          { class: "worklist" },
          h(
            "thead",
            {},
            h("tr", {}, ...["Wanneer", "Gebruiker", "Werkplek", "Actie", "Resultaat"].map((text) => h("th", { scope: "col" }, text))),
          ),
          body,
        ),
      );
    } catch (error) {
      shell.handleError(error);
    }
  });
  return h(
    "section",
    { class: "panel" },
    h("h2", { class: "utrecht-heading-2" }, "Auditspoor"),
    h("p", { class: "muted" }, "Wie deze klacht heeft ingezien of gewijzigd, vanaf welke werkplek."),
    load,
    holder,
  );
}

/** "Jan Smit, medewerker van Burgerzaken": how an official appears in pick lists. */
export function officialLabel(official: OfficialView): string {
  return `${official.name}, ${official.position}${official.absent ? " (afwezig)" : ""}`;
}

export function noContentNotice(text: string): HTMLElement {
  return alertBox("info", text);
}
