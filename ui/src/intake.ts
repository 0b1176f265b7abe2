// The intake (INT-*): the KCC's form for a new complaint, with possible duplicates shown while
// typing (INT-04), the result with its handler and deadlines, and the acknowledgement. The form
// is kept while the user looks elsewhere (and after a lock) until it is saved or another user
// signs in.
import { api, asCommandError } from "./api";
import { officialLabel, showComplaint } from "./complaint";
import { alertBox, button, clearFieldErrors, dutchDate, field, h, isoToday, readForm, rowButton, setRequired } from "./dom";
import type { ComplaintRequest, OrganisationView, PossibleDuplicateView, ProcedureOptions, RegisteredView } from "./generated/ipc";
import { checkedValues, type Shell } from "./shell";

/** The form as typed, kept between screens. */
let intakeForm: HTMLFormElement | null = null;

/** Drops the kept form (log-out, another user, a changed organisation chart). */
export function forgetIntakeForm(): void {
  intakeForm = null;
}

/** Makes (or opens again) a complaint's acknowledgement and says where the PDF is. */
export async function openAcknowledgement(shell: Shell, reference: string, trigger?: HTMLButtonElement): Promise<void> {
  if (trigger) trigger.disabled = true;
  try {
    const letter = await api.openAcknowledgement(reference);
    const where = letter.opened ? "geopend" : `opgeslagen als ${letter.path} (er is geen PDF-lezer gestart)`;
    const message = h(
      "div",
      { id: "letter-result", "data-path": letter.path, "data-sha256": letter.sha256 },
      alertBox("ok", `Ontvangstbevestiging ${letter.reference} ${where}.`),
    );
    document.getElementById("toast")?.replaceChildren(message);
  } catch (error) {
    shell.handleError(error);
  } finally {
    if (trigger) trigger.disabled = false;
  }
}

/** The intake screen; `back` shows it again, as typed, after a possible duplicate was opened. */
export async function showIntake(shell: Shell, back: () => void): Promise<void> {
  let organisation: OrganisationView;
  let options: ProcedureOptions;
  try {
    [organisation, options] = await Promise.all([api.listOrganisation(), api.procedureOptions()]);
  } catch (error) {
    shell.handleError(error);
    return;
  }
  if (!intakeForm) intakeForm = buildIntakeForm(shell, organisation, options, back);
  const notice =
    organisation.departments.length === 0
      ? alertBox(
          "warning",
          "Het organogram is nog leeg. Vraag de beheerder om de afdelingen en functionarissen in te voeren (Organisatie).",
        )
      : null;
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, "Klacht registreren"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Vraag alleen wat hieronder staat. Bij een brief, e-mail of webformulier zijn naam, adres, datum van de gedraging en omschrijving verplicht (Awb 9:4).",
      ),
      h("p", { class: "muted", id: "intake-shortcuts" }, "Sneltoetsen: Alt+N nieuwe klacht, Alt+W werkvoorraad, Ctrl+Enter opslaan."),
      ...(notice ? [notice] : []),
      intakeForm,
      h("div", { id: "intake-result" }),
    ),
  );
  // The KCC starts typing at once (WCAG 2.4.3: focus on the first field, not the heading).
  intakeForm.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea")?.focus();
}

/**
 * "Over wie gaat de klacht?": checkboxes (no Ctrl-click), with a search box that narrows the
 * list by name or position. Ticking someone while no department is chosen suggests theirs.
 */
function respondentPicker(organisation: OrganisationView): HTMLElement {
  const list = h("div", { class: "checkbox-list", id: "respondent-list" });
  for (const official of organisation.officials) {
    const id = `f-respondent-${official.id}`;
    const box = h("input", { type: "checkbox", id, name: "respondent_ids", value: official.id });
    box.addEventListener("change", () => {
      const department = document.getElementById("f-department_id") as HTMLSelectElement | null;
      if (box.checked && department && !department.value && official.department_id) department.value = official.department_id;
    });
    list.append(
      h(
        "div",
        { class: "checkbox-row", "data-respondent": officialLabel(official).toLowerCase() },
        box,
        h("label", { for: id }, officialLabel(official)),
      ),
    );
  }
  const search = h("input", {
    type: "search",
    id: "f-respondent-search",
    class: "utrecht-textbox utrecht-textbox--html-input",
    "aria-describedby": "f-respondent_ids-hint",
    autocomplete: "off",
  });
  search.addEventListener("input", () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of Array.from(list.querySelectorAll<HTMLElement>("[data-respondent]"))) {
      const text = row.dataset.respondent ?? "";
      row.hidden = !words.every((word) => text.includes(word)) && !(row.querySelector("input") as HTMLInputElement).checked;
    }
  });
  // Enter in the search box must not send the whole form.
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  return h(
    "fieldset",
    { class: "utrecht-form-fieldset respondent-picker", "data-field": "respondent_ids" },
    h("legend", { class: "utrecht-form-label" }, "Over wie gaat de klacht?"),
    h(
      "p",
      { class: "field-hint", id: "f-respondent_ids-hint" },
      "Bij bejegening. Vink één of meer personen aan; typ om te zoeken. Weet de klager de naam niet, kies dan alleen de afdeling.",
    ),
    h("p", { class: "utrecht-form-field-error-message", id: "f-respondent_ids-error", hidden: true }),
    h("label", { class: "visually-hidden", for: "f-respondent-search" }, "Zoek een persoon"),
    search,
    list,
  );
}

/**
 * INT-04: while the complainant's data is typed, the complaints of the last 30 days from the
 * same person (Rust decides what counts), most similar subject first. The user can open one to
 * compare and come back to the form as it was, or just go on.
 */
function watchForDuplicates(shell: Shell, form: HTMLFormElement, holder: HTMLElement, back: () => void): void {
  const watched = new Set(["complainant_name", "phone", "email", "postcode", "street_address", "description"]);
  let timer: number | undefined;
  let asked = 0;
  const check = async () => {
    // Typed just before saving or signing out: the form is gone (or empty) by now, and a check
    // after signing out would only bring up the lock screen over the log-in.
    if (!form.isConnected) return;
    const request = { ...readForm(form), respondent_ids: [] } as unknown as ComplaintRequest;
    const mine = ++asked;
    let found: PossibleDuplicateView[];
    try {
      found = await api.possibleDuplicates(request);
    } catch (error) {
      const problem = asCommandError(error);
      if (problem.kind === "locked" || problem.kind === "not_logged_in") shell.handleError(error);
      return; // a failed check never gets in the way of the intake
    }
    if (mine !== asked) return; // an answer to an earlier keystroke
    if (found.length === 0) {
      holder.replaceChildren();
      return;
    }
    holder.replaceChildren(
      h(
        "div",
        { class: "utrecht-alert utrecht-alert--warning duplicates", role: "region", "aria-labelledby": "duplicates-title" },
        h(
          "p",
          { class: "utrecht-paragraph", id: "duplicates-title" },
          h(
            "strong",
            {},
            found.length === 1
              ? "Deze klager diende de afgelopen 30 dagen al een klacht in. Gaat het over hetzelfde?"
              : `Deze klager diende de afgelopen 30 dagen al ${found.length} klachten in. Gaat het over hetzelfde?`,
          ),
        ),
        h(
          "ul",
          { class: "plain-list" },
          ...found.map((duplicate) => {
            const open = rowButton("Openen om te vergelijken", duplicate.reference, { "data-duplicate": duplicate.reference });
            open.addEventListener("click", () => void showComplaint(shell, duplicate.reference, back));
            return h(
              "li",
              { "data-duplicate-row": duplicate.reference },
              h("strong", {}, duplicate.reference),
              ` van ${duplicate.received_on} (${duplicate.status}): ${duplicate.subject} `,
              h("span", { class: "muted" }, `Zelfde ${duplicate.shared.join(", ")}.`),
              " ",
              open,
            );
          }),
        ),
        h("p", { class: "muted" }, "Is het een nieuwe klacht, ga dan gewoon verder."),
      ),
    );
  };
  form.addEventListener("input", (event) => {
    const name = (event.target as HTMLInputElement | null)?.name ?? "";
    if (!watched.has(name)) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void check(), 400);
  });
}

function buildIntakeForm(shell: Shell, organisation: OrganisationView, options: ProcedureOptions, back: () => void): HTMLFormElement {
  const channels: Array<[string, string]> = [
    ["", "Kies…"],
    ["telefoon", "Telefoon"],
    ["balie", "Balie"],
    ["brief", "Brief"],
    ["email", "E-mail"],
    ["webformulier", "Webformulier"],
    ["sociale_media", "Sociale media"],
  ];
  const types: Array<[string, string]> = [
    ["", "Kies…"],
    ["bejegening", "Bejegening: hoe een medewerker zich gedroeg"],
    ["dienstverlening", "Dienstverlening: hoe de gemeente iets deed"],
  ];
  const departmentOptions: Array<[string, string]> = [
    ["", "Kies…"],
    ...organisation.departments.map((d): [string, string] => [d.id, d.name]),
  ];
  const respondents = respondentPicker(organisation);
  const duplicates = h("div", { id: "intake-duplicates", "aria-live": "polite" });
  const form = h(
    "form",
    { id: "intake-form", novalidate: true },
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Binnenkomst"),
      h(
        "div",
        { class: "form-grid" },
        field("received_on", "Datum van ontvangst", { type: "date", required: true, value: isoToday() }),
        field("channel", "Hoe kwam de klacht binnen?", { type: "select", required: true, options: channels }),
      ),
    ),
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Klager"),
      h(
        "div",
        { class: "form-grid" },
        field("complainant_name", "Naam", { required: true }),
        field("representative", "Gemachtigde (als iemand namens de klager klaagt)"),
        field("street_address", "Straat en huisnummer"),
        field("postcode", "Postcode", { hint: "Bijvoorbeeld 1111 AB." }),
        field("city", "Woonplaats"),
        field("phone", "Telefoonnummer", { type: "tel", hint: "Vraag hier altijd naar: wij bellen de klager eerst." }),
        field("email", "E-mailadres", { type: "email" }),
      ),
      duplicates,
    ),
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "De klacht"),
      h(
        "div",
        { class: "form-grid" },
        field("complaint_type", "Waar gaat de klacht over?", { type: "select", required: true, options: types }),
        field("department_id", "Afdeling", { type: "select", options: departmentOptions, hint: "Verplicht bij dienstverlening." }),
        respondents,
        field("conduct_date", "Datum van de gedraging", { type: "date" }),
        field("description", "Omschrijving van de klacht", { type: "textarea", required: true, wide: true }),
        field("desired_outcome", "Wat wil de klager bereiken?", { type: "textarea", wide: true }),
      ),
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "intake-submit" }, "Klacht opslaan"),
  );
  watchForDuplicates(shell, form, duplicates, back);
  // A desk takes most complaints by one channel: the last one this user chose comes first.
  const channel = form.querySelector<HTMLSelectElement>("#f-channel");
  const rememberedChannel = () => localStorage.getItem(`klachtbalie.kanaal.${shell.user()?.username ?? ""}`) ?? "";
  // A written complaint (Awb 9:4) needs its address and the date of the conduct: the labels
  // say so as soon as such a channel is chosen (the core refuses it without them anyway).
  const markWrittenFields = () => {
    const written = options.written_channels.includes(channel?.value ?? "");
    for (const name of options.required_when_written) setRequired(form, name, written);
  };
  channel?.addEventListener("change", markWrittenFields);
  if (channel) channel.value = rememberedChannel();
  markWrittenFields();
  // Ctrl+Enter saves from anywhere in the form, also from a text area.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.ctrlKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = { ...readForm(form), respondent_ids: checkedValues(form, "respondent_ids") } as unknown as ComplaintRequest;
    const submit = form.querySelector("#intake-submit") as HTMLButtonElement;
    submit.disabled = true;
    try {
      const registered = await api.registerComplaint(values);
      document.getElementById("toast")?.replaceChildren();
      localStorage.setItem(`klachtbalie.kanaal.${shell.user()?.username ?? ""}`, values.channel);
      form.reset();
      if (channel) channel.value = rememberedChannel();
      markWrittenFields();
      duplicates.replaceChildren();
      (form.querySelector("#f-received_on") as HTMLInputElement).value = dutchDate(isoToday());
      for (const row of Array.from(form.querySelectorAll<HTMLElement>("[data-respondent]"))) row.hidden = false;
      showRegistered(shell, registered);
    } catch (error) {
      shell.handleError(error, form);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function showRegistered(shell: Shell, registered: RegisteredView): void {
  const result = document.getElementById("intake-result");
  if (!result) return;
  const list = h(
    "dl",
    {},
    h("dt", {}, "Kenmerk"),
    h("dd", { id: "registered-reference" }, registered.reference),
    h("dt", {}, "Behandelaar"),
    h("dd", { id: "registered-handler" }, registered.handler_name),
    h("dt", {}, "Waarom"),
    h("dd", {}, registered.handler_reason),
  );
  for (const deadline of registered.deadlines) {
    list.append(h("dt", {}, deadline.label), h("dd", { "data-deadline": deadline.date }, deadline.date_text));
  }
  const actions = h("div", { class: "utrecht-button-group" });
  if (registered.needs_acknowledgement) {
    const ack = button("Ontvangstbevestiging maken", { id: "registered-ack" });
    ack.addEventListener("click", () => void openAcknowledgement(shell, registered.reference, ack));
    actions.append(ack);
  }
  const heading = h(
    "h2",
    { class: "utrecht-heading-2", id: "registered-title", tabindex: "-1" },
    `Klacht ${registered.reference} is opgeslagen`,
  );
  result.replaceChildren(h("section", { class: "panel result", "aria-labelledby": "registered-title" }, heading, list, actions));
  // After a save, focus lands on the result (and a screen reader reads its heading), not on <body>.
  heading.focus();
  result.scrollIntoView({ behavior: "smooth" });
}
