// The procedure part of a complaint's file (Awb titel 9.1, section 4): contacts, hearings and
// decisions so far, the usual next step emphasised among the steps the user may take, and the
// form of each step. Rust decides which steps are allowed and checks every one again.
import { api } from "./api";
import { alertBox, button, clearFieldErrors, field, h, isoToday, readForm } from "./dom";
import type { ComplaintDetailView, ProcedureOptions } from "./generated/ipc";
import { addressOffer } from "./privacy";
import type { Shell } from "./shell";

/** What a step form needs from the complaint's file around it (complaint.ts), passed in so
 *  the two modules do not import each other. */
export interface ComplaintFile {
  /** Shows the complaint as it is after a saved step. */
  show(updated: ComplaintDetailView): void;
  /** Explains a version conflict beside `form` (another desk changed the complaint); false when
   *  `error` is something else. */
  conflict(error: unknown, form: HTMLFormElement): boolean;
  /** The complaint's version the form was opened on, clearing an earlier conflict notice. */
  versionOf(form: HTMLFormElement): number | null;
}

let options: ProcedureOptions | null = null;

/** The option lists of ProcedureOptions that a step's select offers. */
type ChoiceList = "statuses" | "channels" | "non_handling_grounds" | "hearing_skip_reasons" | "judgements";

type Spec = {
  name: "date" | "time" | "choice" | "text" | "weeks";
  label: string;
  kind: "date" | "time" | "text" | "textarea" | "select";
  list?: ChoiceList | "weeks";
  hint?: string;
  today?: boolean;
};

/**
 * The step that usually comes next in each status (section 4: first contact, then the formal
 * path with a hearing and a decision the responsible handler approves). Only a cue: every step
 * Rust allows stays offered.
 */
const USUAL_NEXT_STEP: Record<string, string[]> = {
  ontvangen: ["log_contact"],
  in_behandeling: ["resolve_informally", "continue_formally"],
  formeel: ["send_copy_to_respondent", "plan_hearing"],
  hoorzitting: ["report_hearing", "draft_decision"],
  besluit_concept: ["approve_decision"],
};

/** The fields each step's form asks for; Rust validates them again. */
const STEP_FIELDS: Record<string, Spec[]> = {
  log_contact: [
    { name: "date", label: "Datum van het contact", kind: "date", today: true },
    { name: "choice", label: "Hoe", kind: "select", list: "channels" },
    { name: "text", label: "Wat is besproken", kind: "textarea" },
  ],
  resolve_informally: [
    {
      name: "text",
      label: "Verklaring: waarom is de klager tevreden?",
      kind: "textarea",
      hint: "Bijvoorbeeld: klager is tevreden met de excuses en de nieuwe afspraak.",
    },
  ],
  continue_formally: [
    { name: "text", label: "Waarom formeel (optioneel)", kind: "text", hint: "Bijvoorbeeld: klager is niet tevreden na het gesprek." },
  ],
  send_copy_to_respondent: [{ name: "date", label: "Kopie verstuurd op", kind: "date", today: true }],
  plan_hearing: [
    // No default: a hearing is planned ahead, so today would almost always be wrong.
    { name: "date", label: "Datum", kind: "date" },
    { name: "time", label: "Tijd (uu:mm)", kind: "text", hint: "Bijvoorbeeld 14:30." },
    { name: "choice", label: "Plaats", kind: "text", hint: "Klager en beklaagde worden beiden uitgenodigd." },
  ],
  report_hearing: [{ name: "text", label: "Verslag van de hoorzitting", kind: "textarea" }],
  skip_hearing: [{ name: "choice", label: "Reden om niet te horen (Awb 9:10 lid 2)", kind: "select", list: "hearing_skip_reasons" }],
  postpone: [
    {
      name: "weeks",
      label: "Verdagen met",
      kind: "select",
      list: "weeks",
      hint: "Eén keer, vóór het einde van de termijn. De verdagingsbrief aan klager en beklaagde blijft als taak open tot hij is verstuurd.",
    },
  ],
  record_further_delay: [
    { name: "date", label: "Datum van de schriftelijke instemming", kind: "date", today: true },
    { name: "weeks", label: "Nieuwe einddatum", kind: "date" },
    { name: "text", label: "Hoe stemde de klager in", kind: "text", hint: "Bijvoorbeeld: e-mail van 2 december." },
  ],

  refer_to_advisory_committee: [],
  return_decision: [{ name: "text", label: "Wat moet er anders", kind: "textarea" }],
  approve_decision: [],
  withdraw: [{ name: "text", label: "Hoe en wanneer trok de klager de klacht in", kind: "text" }],
  not_handle: [{ name: "choice", label: "Grond (Awb 9:8)", kind: "select", list: "non_handling_grounds" }],
  forward: [{ name: "choice", label: "Doorgezonden aan", kind: "text", hint: "Bijvoorbeeld: Politie Amsterdam (Awb 2:3)." }],
  reopen: [{ name: "text", label: "Waarom weer open", kind: "text" }],
};

export function procedureSection(shell: Shell, detail: ComplaintDetailView, file: ComplaintFile): HTMLElement {
  const section = h(
    "section",
    { class: "panel", id: "procedure", "aria-labelledby": "procedure-title" },
    h("h2", { class: "utrecht-heading-2", id: "procedure-title" }, "Behandeling"),
  );
  if (detail.open_tasks.length > 0) {
    const tasks = alertBox("warning", `Nog te doen: ${detail.open_tasks.join("; ")}.`, "open-tasks");
    // A letter finalised but not registered as sent: offer the registration right here.
    const sendButton = () =>
      Array.from(document.querySelectorAll<HTMLElement>("#letters-table tr"))
        .find((row) => row.querySelector("[data-sendings='0']"))
        ?.querySelector<HTMLButtonElement>("[data-send-letter]") ?? null;
    const toSending = h("button", { type: "button", class: "link-button", id: "open-tasks-send" }, "Verzending van een brief registreren");
    toSending.addEventListener("click", () => {
      const target = sendButton();
      if (!target) {
        shell.notify("info", "Er is nu geen definitieve brief waarvan de verzending nog geregistreerd moet worden.");
        return;
      }
      target.scrollIntoView({ block: "center" });
      target.click();
    });
    tasks.querySelector(".utrecht-alert__content")?.append(toSending);
    section.append(tasks);
  }
  if (detail.contacts !== null) {
    const list = h("ol", { class: "notes", id: "contacts-list" });
    for (const contact of detail.contacts)
      list.append(
        h(
          "li",
          {},
          h("div", { class: "muted" }, `${contact.date} · ${contact.channel} · ${contact.by}`),
          h("p", { class: "pre-wrap" }, contact.summary),
        ),
      );
    if (detail.contacts.length > 0) section.append(h("h3", { class: "utrecht-heading-3" }, "Contact met de klager"), list);
  }
  if (detail.hearings.length > 0) {
    const list = h("ul", { id: "hearings-list" });
    for (const hearing of detail.hearings) {
      list.append(
        h(
          "li",
          {},
          `${hearing.when}, ${hearing.place}`,
          hearing.report ? h("p", { class: "pre-wrap muted" }, `Verslag: ${hearing.report}`) : null,
        ),
      );
    }
    section.append(h("h3", { class: "utrecht-heading-3" }, "Hoorzitting"), list);
  }
  if (detail.decisions && detail.decisions.length > 0) {
    const list = h("ol", { class: "notes", id: "decisions-list" });
    for (const decision of detail.decisions) {
      list.append(
        h(
          "li",
          { "data-state": decision.state },
          h(
            "div",
            { class: "muted" },
            `${decision.state} · opgesteld door ${decision.drafted_by} op ${decision.drafted_at}${decision.decided_by ? ` · ${decision.state} door ${decision.decided_by}` : ""}`,
          ),
          h("p", {}, h("strong", {}, "Oordeel: "), decision.judgement),
          h("p", { class: "pre-wrap" }, h("strong", {}, "Bevindingen: "), decision.findings),
          h("p", { class: "pre-wrap" }, h("strong", {}, "Conclusies en maatregelen: "), decision.conclusions),
          decision.reasons ? h("p", { class: "pre-wrap" }, h("strong", {}, "Motivering: "), decision.reasons) : null,
          decision.comment ? h("p", { class: "pre-wrap" }, h("strong", {}, "Opmerking: "), decision.comment) : null,
        ),
      );
    }
    section.append(h("h3", { class: "utrecht-heading-3" }, "Beslissing"), list);
  }
  const forms = h("div", { id: "step-form" });
  const buttons = h("div", { class: "utrecht-button-group", id: "steps" });
  // The usual next step (section 4) stands out; the rest stay available at equal, lesser weight.
  const usual = (USUAL_NEXT_STEP[detail.status_code] ?? []).find((code) => detail.steps.some((step) => step.code === code));
  for (const step of detail.steps) {
    const isUsual = step.code === usual;
    const trigger = button(
      step.label.charAt(0).toUpperCase() + step.label.slice(1),
      { "data-step": step.code, "data-usual": isUsual ? "true" : undefined },
      isUsual,
    );
    trigger.addEventListener("click", () => void openStep(shell, detail, step.code, step.label, forms, file));
    buttons.append(trigger);
  }
  if (detail.steps.length === 0) buttons.append(h("p", { class: "muted" }, "U kunt nu geen stap zetten in deze klacht."));
  // PR-05: before the hearing its report is not offered (Rust decides); say what comes when.
  const lastHearing = detail.hearings.at(-1);
  const offered = (code: string) => detail.steps.some((step) => step.code === code);
  if (
    detail.status_code === "hoorzitting" &&
    lastHearing &&
    !lastHearing.report &&
    offered("plan_hearing") &&
    !offered("report_hearing") &&
    !offered("draft_decision")
  )
    buttons.append(
      h(
        "p",
        { class: "muted", id: "hearing-ahead" },
        `De hoorzitting is op ${lastHearing.when}; het verslag legt u daarna vast. Stuur tot dan de uitnodiging aan klager en beklaagde (Brieven: 'Uitnodiging hoorzitting').`,
      ),
    );
  section.append(buttons, forms);
  return section;
}

async function openStep(
  shell: Shell,
  detail: ComplaintDetailView,
  code: string,
  label: string,
  holder: HTMLElement,
  file: ComplaintFile,
): Promise<void> {
  if (!options) {
    try {
      options = await api.procedureOptions();
    } catch (error) {
      shell.handleError(error);
      return;
    }
  }
  const form = code === "draft_decision" ? decisionForm(options, detail.handler_name) : stepForm(options, code);
  if (code === "plan_hearing") noteASunday(form);
  form.id = `step-${code}`;
  form.dataset.version = String(detail.version);
  form.prepend(h("h3", { class: "utrecht-heading-3" }, label.charAt(0).toUpperCase() + label.slice(1)));
  form.append(h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "step-submit" }, "Vastleggen"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readForm(form);
    const version = file.versionOf(form);
    try {
      const updated =
        code === "draft_decision"
          ? await api.draftDecision({
              reference: detail.reference,
              findings: values.findings ?? "",
              judgement: values.judgement ?? "",
              conclusions: values.conclusions ?? "",
              reasons: values.reasons ?? "",
              version,
            })
          : await api.procedureStep({
              reference: detail.reference,
              step: code,
              date: values.date ?? "",
              time: values.time ?? "",
              choice: values.choice ?? "",
              text: values.text ?? "",
              weeks: values.weeks ?? "",
              version,
            });
      file.show(updated);
      shell.notify(
        "ok",
        code === "draft_decision"
          ? `Conceptbeslissing opgeslagen. ${updated.handler_name} moet haar goedkeuren (vier ogen); de klacht heeft nu de status ‘${updated.status}’.`
          : `Opgeslagen. De klacht heeft nu de status ‘${updated.status}’.`,
      );
    } catch (error) {
      form.querySelector("#letter-undeliverable")?.remove();
      if (file.conflict(error, form)) return;
      const problem = shell.handleError(error, form);
      if (problem.kind === "undeliverable_letter") form.append(addressOffer(problem.message));
    }
  });
  holder.replaceChildren(form);
  (form.querySelector("input, select, textarea, button") as HTMLElement | null)?.focus();
}

/** A hearing on a Sunday is allowed when the complainant wants it, but said while typing, so
 *  that a slip of the date shows before it is saved. */
function noteASunday(form: HTMLFormElement): void {
  const date = form.querySelector<HTMLInputElement>("#f-date");
  if (!date) return;
  const note = h("p", { class: "field-hint", id: "hearing-day-note", "aria-live": "polite" });
  date.closest(".utrecht-form-field")?.append(note);
  date.addEventListener("input", () => {
    const match = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(date.value.trim());
    const day = match ? new Date(Number(match[3]), Number(match[2]) - 1, Number(match[1])) : null;
    note.textContent = day?.getDay() === 0 ? "Let op: dat is een zondag. Dat kan, als de klager dat wil." : "";
  });
}

function stepForm(options: ProcedureOptions, code: string): HTMLFormElement {
  const grid = h("div", { class: "form-grid" });
  for (const spec of STEP_FIELDS[code] ?? []) {
    if (spec.kind === "select") {
      const list: Array<[string, string]> =
        spec.list === "weeks"
          ? [
              ["", "Kies…"],
              ["1", "1 week"],
              ["2", "2 weken"],
              ["3", "3 weken"],
              ["4", "4 weken"],
            ]
          : [["", "Kies…"], ...(options[spec.list as ChoiceList] ?? []).map((c): [string, string] => [c.code, c.label])];
      grid.append(field(spec.name, spec.label, { type: "select", options: list, hint: spec.hint, wide: true, required: true }));
    } else {
      // Every step field is required unless its label says it is optional (Rust checks again).
      const required = !spec.label.includes("optioneel");
      grid.append(
        field(spec.name, spec.label, {
          type: spec.kind === "time" ? "text" : spec.kind,
          hint: spec.hint,
          value: spec.today ? isoToday() : undefined,
          wide: spec.kind === "textarea",
          required,
        }),
      );
    }
  }
  return h("form", { class: "step-form", novalidate: true }, grid);
}

function decisionForm(options: ProcedureOptions, approver: string): HTMLFormElement {
  return h(
    "form",
    { class: "step-form", novalidate: true },
    h(
      "div",
      { class: "form-grid" },
      field("findings", "Bevindingen: wat is er gebeurd", { type: "textarea", required: true, wide: true }),
      field("judgement", "Oordeel", {
        type: "select",
        required: true,
        options: [["", "Kies…"], ...options.judgements.map((j): [string, string] => [j.code, j.label])],
      }),
      field("conclusions", "Conclusies en maatregelen", { type: "textarea", required: true, wide: true }),
      field("reasons", "Motivering", { type: "textarea", wide: true, hint: "Verplicht en volledig bij 'ongegrond'." }),
    ),
    h(
      "p",
      { class: "muted", id: "decision-approver" },
      `De conceptbeslissing gaat ter goedkeuring naar ${approver}, de verantwoordelijke behandelaar (vier ogen).`,
    ),
  );
}
