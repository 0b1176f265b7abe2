// Letters (section 6): the letters part of a complaint's file (make, preview, finalise,
// correct, open, print, record sending), the handler's approval queue (PR-07), the batch
// print of today's letters. The template editor is in letter_templates.ts. Rust checks every action.
import { api } from "./api";
import { alertBox, button, clearFieldErrors, field, h, isoToday, readForm, rowButton } from "./dom";
import type { LetterDraftView, LetterOverview, LetterSummaryView } from "./generated/ipc";
import { addressOffer } from "./privacy";
import type { Shell } from "./shell";

/** "1 pagina", "3 pagina's". */
export function pages(count: number): string {
  return count === 1 ? "1 pagina" : `${count} pagina's`;
}

export function missingList(missing: string[], id: string): HTMLElement {
  return h(
    "div",
    { class: "utrecht-alert utrecht-alert--warning", role: "status", id },
    h("p", { class: "utrecht-paragraph" }, h("strong", {}, "Deze brief kan zo nog niet definitief worden. Er ontbreekt:")),
    h("ul", {}, ...missing.map((element) => h("li", { "data-missing": element }, element))),
  );
}

/**
 * The complaint file around the letters part: the version of the file on screen (a
 * form sends it back, so sending the decision, a step, is refused when the complaint changed
 * since) and the file's handling of such a refusal (true when it was one).
 */
export interface LetterFile {
  version: () => number;
  conflict: (error: unknown, form: HTMLFormElement) => boolean;
}

/** How each letters section on screen loads itself again (a live update). */
const letterLoaders = new WeakMap<HTMLElement, (live: boolean) => Promise<void>>();

/**
 * Another desk made, approved or sent a letter of the complaint on screen; the
 * letters are read again unless the user is working in a letter form here.
 */
export function reloadLettersLive(section: HTMLElement): void {
  if (section.querySelector("form[data-dirty]")) return;
  void letterLoaders.get(section)?.(true);
}

/** The letters part of a complaint's file; loads itself and reloads after each action. */
export function lettersSection(shell: Shell, reference: string, onChange: () => void, file: LetterFile): HTMLElement {
  const section = h(
    "section",
    { class: "panel", id: "letters", "aria-labelledby": "letters-title" },
    h("h2", { class: "utrecht-heading-2", id: "letters-title" }, "Brieven"),
    h("p", { class: "muted" }, "Brieven laden…"),
  );
  const load = async (live = false) => {
    try {
      const overview = await api.letterOverview(reference, live);
      renderLetters(
        shell,
        section,
        reference,
        overview,
        () => {
          void load();
          onChange();
        },
        file,
      );
    } catch (error) {
      section.replaceChildren(
        h("h2", { class: "utrecht-heading-2", id: "letters-title" }, "Brieven"),
        alertBox("info", shell.handleError(error).message),
      );
    }
  };
  letterLoaders.set(section, load);
  void load();
  return section;
}

function renderLetters(
  shell: Shell,
  section: HTMLElement,
  reference: string,
  overview: LetterOverview,
  reload: () => void,
  file: LetterFile,
): void {
  const result = h("div", { id: "letter-result" });
  const table = h(
    "table",
    { class: "worklist", id: "letters-table" },
    h(
      "thead",
      {},
      h("tr", {}, ...["Brief", "Aan", "Versie", "Definitief", "Verzonden", ""].map((text) => h("th", { scope: "col" }, text))),
    ),
  );
  const body = h("tbody");
  table.append(body);
  if (overview.letters.length === 0) body.append(h("tr", {}, h("td", { colspan: "6" }, "Nog geen definitieve brieven.")));
  for (const letter of overview.letters) body.append(letterRow(shell, letter, overview.may_make_letters, result, reload, reference, file));

  const parts: Node[] = [h("h2", { class: "utrecht-heading-2", id: "letters-title" }, "Brieven"), table];
  if (overview.drafts.length > 0) {
    const list = h("ul", { id: "letter-drafts" });
    for (const draft of overview.drafts) {
      list.append(
        h(
          "li",
          { "data-draft": String(draft.id) },
          `${draft.kind_label} aan ${draft.recipient_name}: wacht op goedkeuring (opgesteld door ${draft.drafted_by})`,
          draft.correction_reason ? ` — correctie: ${draft.correction_reason}` : "",
        ),
      );
    }
    parts.push(h("h3", { class: "utrecht-heading-3" }, "Ter goedkeuring"), list);
  }
  if (overview.may_make_letters) parts.push(makeLetterForm(shell, reference, overview, result, reload));
  parts.push(result);
  section.replaceChildren(...parts);
}

function letterRow(
  shell: Shell,
  letter: LetterSummaryView,
  mayWork: boolean,
  result: HTMLElement,
  reload: () => void,
  reference: string,
  file: LetterFile,
): HTMLElement {
  const openButton = rowButton("Openen", `${letter.kind_label} versie ${letter.version}`, { "data-open-letter": String(letter.id) });
  openButton.addEventListener("click", async () => {
    try {
      const file = await api.openLetter(letter.id);
      result.replaceChildren(
        alertBox(
          "ok",
          file.opened
            ? `${letter.kind_label} geopend.`
            : `${letter.kind_label} staat klaar in ${file.path} (er is geen PDF-lezer gestart).`,
        ),
      );
    } catch (error) {
      shell.handleError(error);
    }
  });
  const printButton = button("Printen", { "data-print-letter": String(letter.id) }, false);
  printButton.addEventListener("click", async () => {
    printButton.disabled = true;
    try {
      await api.printLetter(letter.id);
      shell.notify("ok", `${letter.kind_label} is naar de printer gestuurd.`);
    } catch (error) {
      shell.handleError(error);
    } finally {
      printButton.disabled = false;
    }
  });
  const actions = h("div", { class: "utrecht-button-group" }, openButton, printButton);
  if (mayWork) {
    const sent = button("Verzending registreren…", { "data-send-letter": String(letter.id) }, false);
    sent.addEventListener("click", () => result.replaceChildren(sendingForm(shell, letter, reload, file)));
    const correct = button("Corrigeren…", { "data-correct-letter": String(letter.id) }, false);
    correct.addEventListener("click", () => result.replaceChildren(correctionForm(shell, reference, letter, reload)));
    actions.append(sent, correct);
  }
  return h(
    "tr",
    { "data-letter": String(letter.id), "data-kind": letter.kind, "data-sha256": letter.sha256 },
    h(
      "td",
      {},
      letter.kind_label,
      letter.correction_reason ? h("div", { class: "muted" }, `correctie: ${letter.correction_reason}`) : null,
    ),
    h("td", {}, letter.recipient_name),
    h("td", {}, String(letter.version)),
    h(
      "td",
      {},
      letter.created_at,
      h(
        "div",
        { class: "muted" },
        `${letter.approved_by ? `goedgekeurd door ${letter.approved_by} · ` : ""}${pages(letter.pages)} · ${Math.round(letter.bytes / 1024)} KB`,
      ),
    ),
    h("td", { "data-sendings": String(letter.sendings.length) }, letter.sendings.length ? letter.sendings.join("; ") : "nog niet"),
    h("td", {}, actions),
  );
}

function sendingForm(shell: Shell, letter: LetterSummaryView, reload: () => void, file: LetterFile): HTMLFormElement {
  const form = h(
    "form",
    { class: "step-form", id: "sending-form", novalidate: true, "data-version": String(file.version()) },
    h("h3", { class: "utrecht-heading-3" }, `${letter.kind_label} verzonden`),
    h(
      "div",
      { class: "form-grid" },
      field("date", "Verzonden op", { type: "date", value: isoToday(), required: true }),
      field("recipient", "Aan", { value: letter.recipient_name, required: true, id: "f-sending-recipient" }),
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "sending-submit" }, "Vastleggen"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    form.querySelector("#conflict-alert")?.remove();
    const values = readForm(form);
    const version = Number(form.dataset.version);
    try {
      await api.recordSending({
        letter_id: letter.id,
        date: values.date ?? "",
        recipient: values.recipient ?? "",
        reference: letter.reference,
        version: Number.isInteger(version) ? version : null,
      });
      shell.notify("ok", `Vastgelegd: ${letter.kind_label} verzonden.`);
      reload();
    } catch (error) {
      if (!file.conflict(error, form)) shell.handleError(error, form);
    }
  });
  return form;
}

function correctionForm(shell: Shell, reference: string, letter: LetterSummaryView, reload: () => void): HTMLFormElement {
  const form = h(
    "form",
    { class: "step-form", id: "letter-correction-form", novalidate: true },
    h("h3", { class: "utrecht-heading-3" }, `${letter.kind_label} corrigeren`),
    h(
      "p",
      { class: "muted" },
      `Versie ${letter.version} blijft bewaard. De correctie wordt versie ${letter.version + 1}, gemaakt met de gegevens zoals ze nu in het dossier staan.`,
    ),
    h("div", { class: "form-grid" }, field("reason", "Waarom een correctie", { required: true, wide: true })),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, "Nieuwe versie maken"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      const outcome = await api.finaliseLetter({
        reference,
        kind: letter.kind,
        recipient: letter.recipient,
        correction_reason: readForm(form).reason ?? "",
      });
      shell.notify(
        "ok",
        outcome.awaiting_approval_by
          ? `De correctie wacht op goedkeuring door ${outcome.awaiting_approval_by}.`
          : "De correctie is definitief.",
      );
      reload();
    } catch (error) {
      shell.handleError(error, form);
    }
  });
  return form;
}

function makeLetterForm(
  shell: Shell,
  reference: string,
  overview: LetterOverview,
  result: HTMLElement,
  reload: () => void,
): HTMLFormElement {
  const kinds = overview.kinds.filter((kind) => kind.kind !== "beslissing" || overview.letters.some((l) => l.kind === "beslissing"));
  const recipientHolder = h("div", {});
  const form = h(
    "form",
    { class: "step-form", id: "make-letter", novalidate: true },
    h("h3", { class: "utrecht-heading-3" }, "Brief maken"),
    h(
      "div",
      { class: "form-grid" },
      field("kind", "Soort brief", { type: "select", options: [["", "Kies…"], ...kinds.map((k): [string, string] => [k.kind, k.label])] }),
      recipientHolder,
    ),
    h(
      "p",
      { class: "muted" },
      "De beslissingsbrief ontstaat bij de conceptbeslissing en wordt definitief als de behandelaar hem goedkeurt.",
    ),
  );
  const kindSelect = form.querySelector<HTMLSelectElement>("#f-kind");
  const fillRecipients = () => {
    const kind = overview.kinds.find((k) => k.kind === kindSelect?.value);
    const options = (kind?.recipients ?? [{ code: "klager", label: "Klager" }]).map((c): [string, string] => [c.code, c.label]);
    recipientHolder.replaceChildren(
      field("recipient", "Aan", { type: "select", options, value: options[0]?.[0], id: "f-letter-recipient" }),
    );
  };
  kindSelect?.addEventListener("change", fillRecipients);
  fillRecipients();
  const request = () => {
    const values = readForm(form);
    return { reference, kind: values.kind ?? "", recipient: values.recipient ?? "klager", correction_reason: "" };
  };
  const preview = button("Voorbeeld bekijken", { id: "letter-preview" }, false);
  preview.addEventListener("click", async () => {
    clearFieldErrors(form);
    try {
      const shown = await api.previewLetter(request());
      result.replaceChildren(
        shown.missing.length
          ? missingList(shown.missing, "letter-missing")
          : alertBox("ok", `Voorbeeld: ${pages(shown.pages)}, ${Math.round(shown.bytes / 1024)} KB. De brief is compleet.`),
        h("p", { class: "muted" }, shown.opened ? "Het voorbeeld is geopend in de PDF-lezer." : `Het voorbeeld staat in ${shown.path}.`),
        h(
          "pre",
          { class: "letter-text", id: "letter-preview-text", tabindex: "0", role: "region", "aria-label": "Voorbeeld van de brief" },
          shown.text,
        ),
      );
    } catch (error) {
      shell.handleError(error, form);
    }
  });
  const finalise = button("Definitief maken", { id: "letter-finalise" }, true);
  finalise.addEventListener("click", async () => {
    clearFieldErrors(form);
    finalise.disabled = true;
    try {
      const outcome = await api.finaliseLetter(request());
      shell.notify(
        "ok",
        outcome.awaiting_approval_by
          ? `De brief staat ter goedkeuring bij ${outcome.awaiting_approval_by} (vier ogen).`
          : `De brief is definitief en bewaard (versie ${outcome.letter?.version ?? 1}).`,
      );
      reload();
    } catch (error) {
      const problem = shell.handleError(error, form);
      if (problem.kind === "undeliverable_letter") result.replaceChildren(addressOffer(problem.message));
      if (problem.kind === "incomplete_letter")
        result.replaceChildren(
          missingList(
            problem.fields.map((f) => f.message),
            "letter-missing",
          ),
        );
    } finally {
      finalise.disabled = false;
    }
  });
  form.append(h("div", { class: "utrecht-button-group" }, preview, finalise));
  return form;
}

/** PR-07: the handler's queue on the worklist; each draft can be read, approved or returned. */
/** `live`: refreshed because another desk changed something, not by the user's action. */
/** The drafts others wrote for this handler to approve; `changed` runs after one was approved
 *  or returned, so the list below (the draft's status) shows it at once. */
export async function approvalPanel(
  shell: Shell,
  holder: HTMLElement,
  openComplaint: (reference: string) => void,
  changed: () => void,
  live = false,
): Promise<void> {
  let drafts: LetterDraftView[];
  try {
    drafts = await api.approvalQueue(live);
  } catch (error) {
    shell.handleError(error);
    return;
  }
  if (drafts.length === 0) {
    holder.replaceChildren();
    return;
  }
  const list = h("ul", { class: "notes", id: "approval-queue" });
  for (const draft of drafts) {
    const detail = h("div", {});
    const read = button("Lezen en beoordelen", { "data-review": String(draft.id) }, true);
    read.addEventListener(
      "click",
      () =>
        void reviewDraft(shell, draft, detail, () => {
          void approvalPanel(shell, holder, openComplaint, changed);
          changed();
        }),
    );
    const open = button("Klacht openen", { "data-open": draft.reference }, false);
    open.addEventListener("click", () => openComplaint(draft.reference));
    list.append(
      h(
        "li",
        { "data-draft": String(draft.id), "data-reference": draft.reference },
        h("strong", {}, `${draft.kind_label} ${draft.reference}`),
        ` aan ${draft.recipient_name}, opgesteld door ${draft.drafted_by}`,
        draft.correction_reason ? h("div", { class: "muted" }, `Correctie: ${draft.correction_reason}`) : null,
        h("div", { class: "utrecht-button-group" }, read, open),
        detail,
      ),
    );
  }
  holder.replaceChildren(
    h(
      "div",
      { class: "utrecht-alert utrecht-alert--info", role: "status" },
      h(
        "p",
        { class: "utrecht-paragraph" },
        h("strong", {}, `Ter goedkeuring (${drafts.length})`),
        " — brieven die een ander voor u opstelde. Lees ze en keur ze goed of stuur ze terug.",
      ),
      list,
    ),
  );
}

async function reviewDraft(shell: Shell, draft: LetterDraftView, holder: HTMLElement, reload: () => void): Promise<void> {
  let opened = false;
  try {
    opened = (await api.openLetterDraft(draft.id)).opened;
  } catch (error) {
    shell.handleError(error);
    return;
  }
  const approve = button("Goedkeuren", { id: "draft-approve" }, true);
  approve.addEventListener("click", async () => {
    approve.disabled = true;
    try {
      const letter = await api.approveLetterDraft(draft.id);
      shell.notify("ok", `${letter.kind_label} ${letter.reference} is goedgekeurd en definitief (versie ${letter.version}).`);
      reload();
    } catch (error) {
      shell.handleError(error);
      approve.disabled = false;
    }
  });
  const form = h(
    "form",
    { class: "step-form", id: "draft-return", novalidate: true },
    field("comment", "Terugsturen met opmerking", {
      type: "textarea",
      wide: true,
      hint: "Wat moet er anders? De opsteller ziet uw opmerking in het dossier.",
    }),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "draft-return-submit" }, "Terugsturen"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      await api.returnLetterDraft(draft.id, readForm(form).comment ?? "");
      shell.notify("ok", "De brief is teruggestuurd.");
      reload();
    } catch (error) {
      const problem = shell.handleError(error, form);
      if (problem.kind === "validation") (form.querySelector("textarea") as HTMLTextAreaElement | null)?.focus();
    }
  });
  holder.replaceChildren(
    h(
      "p",
      { class: "muted" },
      opened
        ? "De PDF is geopend in de PDF-lezer; hieronder staat dezelfde tekst."
        : "Hieronder staat de tekst van de brief zoals hij wordt verstuurd.",
    ),
    // Scrollable, so reachable by keyboard (tabindex) and named for a screen reader.
    h(
      "pre",
      { class: "letter-text", id: "draft-text", tabindex: "0", role: "region", "aria-label": "Tekst van de conceptbrief" },
      draft.text,
    ),
    h("div", { class: "utrecht-button-group" }, approve),
    form,
  );
}

/** Batch print of every letter finalised today, one by one, with progress. */
export function batchPrintButton(shell: Shell, holder: HTMLElement): HTMLButtonElement {
  const trigger = button("Brieven van vandaag printen", { id: "print-today" }, false);
  trigger.addEventListener("click", async () => {
    trigger.disabled = true;
    try {
      const letters = await api.todaysLetters();
      if (letters.length === 0) {
        shell.notify("info", "Er zijn vandaag nog geen brieven definitief gemaakt.");
        return;
      }
      const progress = h("progress", { id: "print-progress", max: String(letters.length), value: "0" });
      const label = h("span", { id: "print-progress-label" }, `0 van ${letters.length}`);
      const failures = h("ul", { id: "print-failures" });
      holder.replaceChildren(h("div", { class: "panel" }, h("p", {}, "Printen: ", label), progress, failures));
      let done = 0;
      for (const letter of letters) {
        try {
          await api.printLetter(letter.id);
        } catch (error) {
          failures.append(h("li", {}, `${letter.reference} ${letter.kind_label}: ${shell.handleError(error).message}`));
        }
        done += 1;
        progress.value = done;
        label.textContent = `${done} van ${letters.length}`;
      }
      const failed = failures.childElementCount;
      shell.notify(
        failed ? "warning" : "ok",
        failed
          ? `${done - failed} van ${done} brieven geprint; ${failed} mislukt (zie de lijst).`
          : `Alle ${done} brieven van vandaag zijn naar de printer gestuurd.`,
      );
    } catch (error) {
      shell.handleError(error);
    } finally {
      trigger.disabled = false;
    }
  });
  return trigger;
}
