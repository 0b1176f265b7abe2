// The Beheerder's letter templates (LT-01): the editor with placeholders, a live text preview
// with the check that every required part is there, a PDF preview, saving as a new version and
// the history; and the municipality's logo on the letters.
import { api } from "./api";
import { alertBox, button, clearFieldErrors, field, fileChooser, h, readForm } from "./dom";
import type { TemplateView } from "./generated/ipc";
import { missingList, pages } from "./letters";
import type { Shell } from "./shell";

/** The Beheerder's template editor: placeholders, live text preview with the LT-01 check,
 *  PDF preview, saving as a new version, and the history. */
export async function showLetterTemplates(shell: Shell, kind?: string): Promise<void> {
  let templates: TemplateView[];
  try {
    templates = await api.letterTemplates();
  } catch (error) {
    shell.handleError(error);
    return;
  }
  const current = templates.find((t) => t.kind === kind) ?? templates[0];
  if (!current) return;
  const picker = h("div", { class: "utrecht-button-group", id: "template-kinds" });
  for (const template of templates) {
    const choose = button(
      template.label,
      { "data-kind": template.kind, "aria-pressed": String(template.kind === current.kind) },
      template.kind === current.kind,
    );
    choose.addEventListener("click", () => void showLetterTemplates(shell, template.kind));
    picker.append(choose);
  }
  const form = h(
    "form",
    { id: "template-form", novalidate: true },
    h(
      "div",
      { class: "form-grid" },
      field("subject", "Onderwerp", { value: current.subject, required: true, wide: true }),
      field("body", "Tekst van de brief", {
        type: "textarea",
        value: current.body,
        required: true,
        wide: true,
        hint: "Een lege regel begint een nieuwe alinea; een regel die begint met '## ' is een tussenkop. De ondertekening komt er vanzelf onder.",
      }),
    ),
  );
  const body = form.querySelector<HTMLTextAreaElement>("#f-body");
  if (body) body.rows = 22;
  const placeholders = h("ul", { class: "placeholders", id: "placeholders" });
  for (const placeholder of current.placeholders) {
    const insert = h("button", { type: "button", class: "link-button", "data-placeholder": placeholder.name }, placeholder.name);
    insert.addEventListener("click", () => {
      if (!body) return;
      const at = body.selectionStart ?? body.value.length;
      body.value = body.value.slice(0, at) + placeholder.name + body.value.slice(body.selectionEnd ?? at);
      body.focus();
      body.selectionStart = body.selectionEnd = at + placeholder.name.length;
      schedulePreview();
    });
    placeholders.append(h("li", {}, insert, ` ${placeholder.description}`));
  }
  const previewText = h("pre", {
    class: "letter-text",
    id: "template-preview",
    tabindex: "0",
    role: "region",
    "aria-label": "Voorbeeld van de brief",
  });
  const previewState = h("div", { id: "template-check" });
  const request = () => ({ kind: current.kind, subject: readForm(form).subject ?? "", body: readForm(form).body ?? "" });
  let timer: number | undefined;
  const runPreview = async (openPdf: boolean) => {
    try {
      const shown = await api.previewTemplate(request(), openPdf);
      previewText.textContent = shown.text;
      previewState.replaceChildren(
        shown.missing.length
          ? missingList(shown.missing, "template-missing")
          : alertBox("ok", `Compleet: alle verplichte onderdelen staan erin. ${pages(shown.pages)}, ${Math.round(shown.bytes / 1024)} KB.`),
      );
      if (openPdf)
        shell.notify("info", shown.opened ? "Het voorbeeld is geopend in de PDF-lezer." : `Het voorbeeld staat in ${shown.path}.`);
    } catch (error) {
      const problem = shell.handleError(error, openPdf ? form : undefined);
      previewState.replaceChildren(
        alertBox("error", problem.fields.length ? problem.fields.map((f) => f.message).join(" ") : problem.message, "template-problems"),
      );
    }
  };
  const schedulePreview = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void runPreview(false), 400);
  };
  form.addEventListener("input", schedulePreview);
  const pdf = button("Voorbeeld als PDF", { id: "template-pdf" }, false);
  pdf.addEventListener("click", () => void runPreview(true));
  const save = h(
    "button",
    { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "template-save" },
    "Opslaan als nieuwe versie",
  );
  form.append(h("div", { class: "utrecht-button-group" }, save, pdf));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      const saved = await api.saveTemplate(request());
      // The screen first, then the message: showing a screen clears the previous one's message.
      await showLetterTemplates(shell, current.kind);
      shell.notify(
        saved.missing_in_sample.length ? "warning" : "ok",
        saved.missing_in_sample.length
          ? `Opgeslagen als versie ${saved.version}. Let op: met deze tekst mist de brief: ${saved.missing_in_sample.join("; ")}. Zo'n brief kan niet definitief worden.`
          : `Opgeslagen als versie ${saved.version}.`,
      );
    } catch (error) {
      const problem = shell.handleError(error, form);
      previewState.replaceChildren(
        alertBox("error", problem.fields.map((f) => f.message).join(" ") || problem.message, "template-problems"),
      );
    }
  });
  const history = h("ol", { id: "template-history", reversed: true });
  try {
    for (const version of await api.templateHistory(current.kind)) {
      const restore = h("button", { type: "button", class: "link-button" }, "in de editor zetten");
      restore.addEventListener("click", () => {
        (form.querySelector("#f-subject") as HTMLInputElement).value = version.subject;
        if (body) body.value = version.body;
        schedulePreview();
      });
      history.append(h("li", {}, `Versie ${version.version}, ${version.saved_at} door ${version.saved_by} — `, restore));
    }
  } catch (error) {
    shell.handleError(error);
  }
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, "Briefsjablonen"),
      h(
        "p",
        { class: "muted" },
        "Pas de tekst van elke brief aan. Verplichte onderdelen (zoals de Ombudsman bij een beslissing) worden bij elke brief gecontroleerd; ontbreekt er iets, dan kan de brief niet definitief worden.",
      ),
      picker,
      h("h2", { class: "utrecht-heading-2" }, `${current.label} · ${current.version ? `versie ${current.version}` : "standaardtekst"}`),
      h(
        "div",
        { class: "two-columns" },
        h("div", {}, form, h("h3", { class: "utrecht-heading-3" }, "Invulplaatsen"), placeholders),
        h(
          "div",
          {},
          h("h3", { class: "utrecht-heading-3" }, "Voorbeeld (met verzonnen gegevens)"),
          previewState,
          previewText,
          h("h3", { class: "utrecht-heading-3" }, "Versies"),
          history.childElementCount ? history : h("p", { class: "muted" }, "Nog niet aangepast: de standaardtekst geldt."),
        ),
      ),
    ),
  );
  void runPreview(false);
}

/** Settings: the logo on the letterhead (PNG), chosen from a file. */
export function logoField(shell: Shell, hasLogo: boolean): HTMLElement {
  const state = h(
    "span",
    { id: "logo-state" },
    hasLogo ? "Er is een logo ingesteld." : "Nog geen logo: de brieven tonen een gekleurd blok.",
  );
  const chooser = fileChooser(
    "f-logo",
    "Logo kiezen…",
    () => api.chooseFile("logo"),
    async (file) => {
      // An empty logo would remove it: a chosen file always has its bytes.
      if (!file.bytes) return;
      try {
        await api.setLogo(file.bytes);
        state.textContent = "Het logo is opgeslagen; het staat op elke nieuwe brief.";
        remove.disabled = false;
      } catch (error) {
        const problem = shell.handleError(error);
        state.textContent = problem.fields[0]?.message ?? problem.message;
      }
    },
    (error) => shell.handleError(error),
    "logo-label logo-state",
  );
  // Only offered when there is a logo to remove.
  const remove = button("Logo verwijderen", { id: "logo-remove", disabled: !hasLogo }, false);
  remove.addEventListener("click", async () => {
    try {
      await api.setLogo([]);
      state.textContent = "Het logo is verwijderd.";
      remove.disabled = true;
    } catch (error) {
      shell.handleError(error);
    }
  });
  return h(
    "div",
    { class: "utrecht-form-field wide" },
    h(
      "div",
      { class: "utrecht-form-field__label" },
      h("p", { class: "utrecht-form-label", id: "logo-label" }, "Logo op het briefpapier (PNG, maximaal 1 MB)"),
    ),
    h("div", { class: "utrecht-form-field__input" }, chooser),
    h("p", { class: "field-hint" }, state),
    remove,
  );
}
