// Small DOM helpers. Text always goes in through textContent, never innerHTML, so complaint
// text and names can never become markup.

import type { ChosenFile } from "./generated/ipc";

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

export interface FieldOptions {
  type?: "text" | "password" | "date" | "email" | "tel" | "textarea" | "select";
  hint?: string;
  required?: boolean;
  options?: Array<[value: string, label: string]>;
  wide?: boolean;
  value?: string;
  autocomplete?: string;
  /** The control's id when the name repeats on one screen (two forms with a "name"); default `f-<name>`. */
  id?: string;
}

/** "2026-11-30" → "30-11-2026"; anything else stays as it is. */
export function dutchDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : iso;
}

/**
 * A labelled NL Design System form field with room for an error message. A date is a text
 * field typed as dd-mm-jjjj whatever the system's locale (a native date field shows the OS
 * format, 11/30/2026, and looks filled when empty); Rust reads dd-mm-jjjj and jjjj-mm-dd.
 */
export function field(name: string, label: string, options: FieldOptions = {}): HTMLElement {
  const id = options.id ?? `f-${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const isDate = options.type === "date";
  if (isDate)
    options = { ...options, hint: options.hint ? `dd-mm-jjjj. ${options.hint}` : "dd-mm-jjjj", value: dutchDate(options.value ?? "") };
  const type = isDate ? "text" : (options.type ?? "text");
  const describedBy = [options.hint ? hintId : "", errorId].filter(Boolean).join(" ");
  let control: HTMLElement;
  if (type === "textarea") {
    const textarea = h("textarea", { id, name, class: "utrecht-textarea", "aria-describedby": describedBy, required: options.required });
    textarea.value = options.value ?? "";
    control = textarea;
  } else if (type === "select") {
    const select = h("select", {
      id,
      name,
      class: "utrecht-select utrecht-select--html-select",
      "aria-describedby": describedBy,
      required: options.required,
    });
    for (const [value, text] of options.options ?? []) select.append(h("option", { value }, text));
    select.value = options.value ?? "";
    control = select;
  } else {
    const input = h("input", {
      id,
      name,
      type,
      class: `utrecht-textbox utrecht-textbox--html-input${isDate ? " date-input" : ""}`,
      "aria-describedby": describedBy,
      required: options.required,
      autocomplete: isDate ? "off" : options.autocomplete,
      inputmode: isDate ? "numeric" : undefined,
      maxlength: isDate ? "10" : undefined,
    });
    input.value = options.value ?? "";
    control = input;
  }
  const labelText = options.required ? `${label} (verplicht)` : label;
  return h(
    "div",
    { class: `utrecht-form-field${options.wide ? " wide" : ""}`, "data-field": name },
    h("div", { class: "utrecht-form-field__label" }, h("label", { class: "utrecht-form-label", for: id }, labelText)),
    options.hint ? h("p", { class: "field-hint", id: hintId }, options.hint) : null,
    h("p", { class: "utrecht-form-field-error-message", id: errorId, hidden: true }),
    h("div", { class: "utrecht-form-field__input" }, control),
  );
}

/** Marks a field made by `field` as required or not: its label's "(verplicht)" and the control. */
export function setRequired(form: HTMLElement, name: string, required: boolean): void {
  const wrapper = form.querySelector<HTMLElement>(`[data-field="${name}"]`);
  const label = wrapper?.querySelector("label");
  const control = wrapper?.querySelector<HTMLInputElement>("input, select, textarea");
  if (!label || !control) return;
  const text = (label.textContent ?? "").replace(/ \(verplicht\)$/, "");
  label.textContent = required ? `${text} (verplicht)` : text;
  control.required = required;
}

/** All named controls of a form as strings; nothing is cleared. */
export function readForm(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) {
      if (element.name) values[element.name] = element.value;
    }
  }
  return values;
}

/**
 * Shows each message next to its field and in a summary at the top of the form (announced to
 * screen readers), both in screen order, and focuses the first wrong field. A message goes away
 * as soon as its field is changed.
 */
export function showFieldErrors(form: HTMLFormElement, problems: Array<{ field: string; message: string }>): void {
  clearFieldErrors(form);
  const shown: Array<{ wrapper: HTMLElement; control: HTMLElement | null; message: string }> = [];
  for (const problem of problems) {
    const wrapper = form.querySelector<HTMLElement>(`[data-field="${problem.field}"]`);
    if (!wrapper) continue;
    wrapper.classList.add("utrecht-form-field--invalid");
    const message = wrapper.querySelector<HTMLElement>(".utrecht-form-field-error-message");
    if (message) {
      message.textContent = message.textContent ? `${message.textContent} ${problem.message}` : problem.message;
      message.hidden = false;
    }
    const control = wrapper.querySelector<HTMLElement>("input, textarea, select");
    control?.setAttribute("aria-invalid", "true");
    control?.addEventListener("input", () => clearFieldError(form, wrapper), { once: true });
    control?.addEventListener("change", () => clearFieldError(form, wrapper), { once: true });
    shown.push({ wrapper, control, message: problem.message });
  }
  shown.sort((a, b) => (a.wrapper.compareDocumentPosition(b.wrapper) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  if (shown.length === 0) return;
  const summary = h(
    "div",
    { class: "error-summary", role: "alert", tabindex: "-1", "aria-labelledby": `${form.id || "form"}-error-summary-title` },
    h(
      "p",
      { class: "error-summary__title", id: `${form.id || "form"}-error-summary-title` },
      shown.length === 1 ? "Er is 1 probleem:" : `Er zijn ${shown.length} problemen:`,
    ),
    h(
      "ul",
      {},
      ...shown.map(({ wrapper, control, message }) => {
        const label = wrapper.querySelector("label")?.textContent?.replace(" (verplicht)", "") ?? "";
        const link = h("a", { href: control ? `#${control.id}` : "#" }, `${label}: ${message}`);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          control?.focus();
        });
        return h("li", {}, link);
      }),
    ),
  );
  form.prepend(summary);
  shown[0]?.control?.focus();
}

function clearFieldError(form: HTMLFormElement, wrapper: HTMLElement): void {
  wrapper.classList.remove("utrecht-form-field--invalid");
  const message = wrapper.querySelector<HTMLElement>(".utrecht-form-field-error-message");
  if (message) {
    message.textContent = "";
    message.hidden = true;
  }
  wrapper.querySelector("[aria-invalid]")?.removeAttribute("aria-invalid");
  const link = form.querySelector(`.error-summary a[href="#${wrapper.querySelector("input, textarea, select")?.id ?? ""}"]`);
  link?.closest("li")?.remove();
  const summary = form.querySelector(".error-summary");
  if (summary && !summary.querySelector("li")) summary.remove();
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const summary of Array.from(form.querySelectorAll(".error-summary"))) summary.remove();
  for (const wrapper of Array.from(form.querySelectorAll<HTMLElement>(".utrecht-form-field--invalid"))) {
    wrapper.classList.remove("utrecht-form-field--invalid");
  }
  for (const message of Array.from(form.querySelectorAll<HTMLElement>(".utrecht-form-field-error-message"))) {
    message.textContent = "";
    message.hidden = true;
  }
  for (const control of Array.from(form.querySelectorAll("[aria-invalid]"))) control.removeAttribute("aria-invalid");
}

export function alertBox(kind: "error" | "warning" | "info" | "ok", text: string, id?: string): HTMLElement {
  return h(
    "div",
    { class: `utrecht-alert utrecht-alert--${kind}`, role: kind === "error" ? "alert" : "status", id },
    h("div", { class: "utrecht-alert__content" }, h("p", { class: "utrecht-alert__message utrecht-paragraph" }, text)),
  );
}

export function button(text: string, attributes: Record<string, string | boolean | undefined> = {}, primary = true): HTMLButtonElement {
  const kind = primary ? "utrecht-button--primary-action" : "utrecht-button--secondary-action";
  return h("button", { type: "button", class: `utrecht-button ${kind}`, ...attributes }, text);
}

/**
 * A button in a table row: the visible text stays short ("Openen"), the accessible name says
 * which row it acts on ("Openen KL-2026-0001"), so a screen reader's list of buttons is not ten
 * times the same word.
 */
export function rowButton(text: string, context: string, attributes: Record<string, string | boolean | undefined> = {}): HTMLButtonElement {
  const element = button(text, attributes, false);
  element.append(h("span", { class: "visually-hidden" }, ` ${context}`));
  return element;
}

/**
 * A file chooser in Dutch: a button that opens the OS's own dialog (the app reads the file,
 * never the web view) and the chosen file's name, announced when it changes. `choose` asks,
 * `chosenFile` gets the file; a cancelled dialog changes nothing.
 */
export function fileChooser(
  id: string,
  label: string,
  choose: () => Promise<ChosenFile>,
  chosenFile: (file: ChosenFile) => void | Promise<void>,
  failed: (error: unknown) => void,
  describedBy?: string,
): HTMLElement {
  const chosen = h("span", { class: "muted", id: `${id}-chosen`, "aria-live": "polite" }, "Geen bestand gekozen");
  const trigger = button(label, { id, "aria-describedby": [describedBy, chosen.id].filter(Boolean).join(" ") }, false);
  trigger.addEventListener("click", async () => {
    trigger.disabled = true;
    try {
      const file = await choose();
      chosen.textContent = file.name;
      await chosenFile(file);
    } catch (error) {
      failed(error);
    } finally {
      trigger.disabled = false;
      // A disabled button loses the focus; give it back unless the user moved on.
      if (document.activeElement === document.body) trigger.focus();
    }
  });
  return h("div", { class: "file-chooser" }, trigger, chosen);
}

/** Today as yyyy-mm-dd in local time, the value of a date input. */
export function isoToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
