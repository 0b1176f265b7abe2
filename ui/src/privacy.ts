// The privacy parts of a complaint's file: correcting the complainant's contact data (AVG-04,
// art. 16: the file and the audit log say which fields, never the values) and the marks that
// decide how long a closed complaint is kept (AVG-02). The complaint screen does the saving.
import { alertBox, button, clearFieldErrors, field, h, isoToday, readForm } from "./dom";
import type { ComplaintDetailView, ContactCorrectionRequest, RecipientRequest, RecipientView, RetentionMarksView } from "./generated/ipc";

/** LT-03: a letter refused for want of a postal address says so, with the way to add it: the
 *  correction form below, opened with the cursor in the street field. */
export function addressOffer(message: string): HTMLElement {
  const add = button("Adres aanvullen", { id: "letter-add-address" }, false);
  add.addEventListener("click", () => {
    const details = document.querySelector<HTMLDetailsElement>("#correction details");
    if (details) details.open = true;
    const street = document.querySelector<HTMLInputElement>("#correction-form #f-street_address");
    street?.scrollIntoView({ block: "center" });
    street?.focus();
  });
  const offer = alertBox("warning", message, "letter-undeliverable");
  offer.querySelector(".utrecht-alert__content")?.append(add);
  return offer;
}

/** AVG-04: the complainant's contact data, corrected with the same rules as at intake. */
export function correctionSection(
  detail: ComplaintDetailView,
  contact: ContactCorrectionRequest,
  save: (form: HTMLFormElement, values: ContactCorrectionRequest) => Promise<void>,
): HTMLElement {
  const form = h(
    "form",
    { id: "correction-form", novalidate: true, "data-version": String(detail.version) },
    h(
      "div",
      { class: "form-grid" },
      field("complainant_name", "Naam", { value: contact.complainant_name, required: true }),
      field("street_address", "Straat en huisnummer", { value: contact.street_address }),
      field("postcode", "Postcode", { value: contact.postcode }),
      field("city", "Woonplaats", { value: contact.city }),
      field("phone", "Telefoonnummer", { type: "tel", value: contact.phone }),
      field("email", "E-mailadres", { type: "email", value: contact.email }),
      field("representative", "Gemachtigde", { value: contact.representative }),
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "correction-save" }, "Correctie opslaan"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readForm(form);
    void save(form, {
      ...contact,
      complainant_name: values.complainant_name ?? "",
      street_address: values.street_address ?? "",
      postcode: values.postcode ?? "",
      city: values.city ?? "",
      phone: values.phone ?? "",
      email: values.email ?? "",
      representative: values.representative ?? "",
    });
  });
  return h(
    "section",
    { class: "panel", id: "correction", "aria-labelledby": "correction-title" },
    h(
      "details",
      {},
      h("summary", { id: "correction-title" }, h("strong", {}, "Gegevens van de klager corrigeren")),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Als de klager meldt dat een gegeven niet klopt (AVG artikel 16). In de tijdlijn en het auditlog staat welk gegeven is gecorrigeerd, niet de oude of de nieuwe waarde. Brieven die al zijn verstuurd, blijven zoals ze zijn verstuurd.",
      ),
      form,
    ),
  );
}

/**
 * AVG-02: the coördinator's marks that decide how long a closed complaint is kept
 * (Selectielijst 13.1.1–13.1.3) and the hold of a running ombudsman case.
 */
export function retentionSection(
  detail: ComplaintDetailView,
  marks: RetentionMarksView,
  save: (form: HTMLFormElement, marks: RetentionMarksView) => Promise<void>,
  erase: (form: HTMLFormElement, reason: string) => Promise<void>,
): HTMLElement {
  const box = (name: "compensation_paid" | "ombudsman" | "ombudsman_case_open" | "keep_permanently", label: string) =>
    h("label", { class: "checkbox" }, h("input", { type: "checkbox", name, id: `f-${name}`, checked: marks[name] }), ` ${label}`);
  const form = h(
    "form",
    { id: "retention-form", novalidate: true },
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Wat bepaalt hoe lang deze klacht bewaard wordt"),
      box("compensation_paid", "Er is een schadevergoeding betaald (7 jaar)"),
      box("ombudsman", "De klager is naar de ombudsman gegaan (10 jaar)"),
      box("ombudsman_case_open", "De zaak bij de ombudsman loopt nog (niet vernietigen)"),
      box("keep_permanently", "De uitkomst veranderde een blijvend te bewaren dossier (blijvend bewaren)"),
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "retention-save" }, "Bewaarklasse opslaan"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const checked = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.checked ?? false;
    void save(form, {
      compensation_paid: checked("compensation_paid"),
      ombudsman: checked("ombudsman"),
      ombudsman_case_open: checked("ombudsman_case_open"),
      keep_permanently: checked("keep_permanently"),
    });
  });
  // AVG art. 17: a closed complaint can be erased at the person's request (four eyes).
  const eraseForm = h(
    "form",
    { id: "erasure-form", novalidate: true },
    field("reason", "Reden van het verzoek om wissen", {
      required: true,
      hint: "Wie vroeg het en wanneer, zonder namen. Een andere klachtcoördinator bevestigt het wissen onder Vernietiging.",
    }),
    h(
      "button",
      { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "erasure-propose" },
      "Wissen op verzoek voorstellen",
    ),
  );
  eraseForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearFieldErrors(eraseForm);
    void erase(eraseForm, readForm(eraseForm).reason ?? "");
  });
  return h(
    "section",
    { class: "panel", id: "retention", "aria-labelledby": "retention-title" },
    h("h2", { class: "utrecht-heading-2", id: "retention-title" }, "Bewaartermijn"),
    h(
      "p",
      { class: "utrecht-paragraph" },
      detail.retention ?? "Deze klacht is nog open: de bewaartermijn begint als zij wordt afgesloten.",
    ),
    form,
    detail.retention ? h("details", {}, h("summary", {}, "Wissen op verzoek (AVG artikel 17)"), eraseForm) : null,
  );
}

/** AVG-06 (art. 19): to whom the complaint's data went, so a correction or erasure can be passed on. */
export function recipientsSection(
  detail: ComplaintDetailView,
  recipients: RecipientView[],
  save: ((form: HTMLFormElement, request: RecipientRequest) => Promise<void>) | null,
): HTMLElement {
  const list = h(
    "ul",
    { id: "recipients-list" },
    ...recipients.map((r) => h("li", {}, `${r.sent_on}: ${r.recipient} (${r.kind}) — ${r.what}`)),
  );
  if (recipients.length === 0) list.append(h("li", { class: "muted" }, "Er zijn nog geen gegevens aan anderen verstrekt."));
  const section = h(
    "section",
    { class: "panel", id: "recipients", "aria-labelledby": "recipients-title" },
    h("h2", { class: "utrecht-heading-2", id: "recipients-title" }, "Verstrekt aan"),
    h(
      "p",
      { class: "utrecht-paragraph" },
      "Aan wie gegevens uit deze klacht zijn gegeven. Wordt een gegeven gecorrigeerd of de klacht vernietigd, geef dat dan ook aan hen door (AVG artikel 19).",
    ),
    list,
  );
  if (save) {
    const form = h(
      "form",
      { id: "recipient-form", novalidate: true, "data-version": String(detail.version) },
      h(
        "div",
        { class: "form-grid" },
        // Own ids: the complaint file also holds the letter form's "kind" (WCAG 4.1.2).
        field("kind", "Aan", {
          id: "f-recipient-kind",
          type: "select",
          required: true,
          options: [["", "Kies…"], ...detail.recipient_kinds.map((kind): [string, string] => [kind.code, kind.label])],
        }),
        field("recipient", "Naam van de ontvanger", {
          id: "f-recipient-name",
          required: true,
          hint: "Bijvoorbeeld Ombudsman Metropool Amsterdam.",
        }),
        field("what", "Welke gegevens", {
          id: "f-recipient-what",
          required: true,
          hint: "Bijvoorbeeld het klachtdossier met de beslissing.",
        }),
        field("sent_on", "Verstrekt op", { id: "f-recipient-sent_on", type: "date", required: true, value: isoToday() }),
      ),
      h(
        "button",
        { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "recipient-save" },
        "Ontvanger vastleggen",
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      const values = readForm(form);
      void save(form, {
        reference: detail.reference,
        version: null,
        kind: values.kind ?? "",
        recipient: values.recipient ?? "",
        what: values.what ?? "",
        sent_on: values.sent_on ?? "",
      });
    });
    section.append(form);
  }
  return section;
}
