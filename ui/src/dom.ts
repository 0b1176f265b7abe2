// Small DOM helpers. Text always goes in through textContent, never innerHTML, so complaint
// text and names can never become markup.

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
}

/** A labelled NL Design System form field with room for an error message. */
export function field(name: string, label: string, options: FieldOptions = {}): HTMLElement {
  const id = `f-${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const type = options.type ?? "text";
  const describedBy = [options.hint ? hintId : "", errorId].filter(Boolean).join(" ");
  let control: HTMLElement;
  if (type === "textarea") {
    const textarea = h("textarea", { id, name, class: "utrecht-textarea", "aria-describedby": describedBy, required: options.required });
    textarea.value = options.value ?? "";
    control = textarea;
  } else if (type === "select") {
    const select = h("select", { id, name, class: "utrecht-select utrecht-select--html-select", "aria-describedby": describedBy, required: options.required });
    for (const [value, text] of options.options ?? []) select.append(h("option", { value }, text));
    select.value = options.value ?? "";
    control = select;
  } else {
    const input = h("input", {
      id, name, type, class: "utrecht-textbox utrecht-textbox--html-input", "aria-describedby": describedBy,
      required: options.required, autocomplete: options.autocomplete,
    });
    input.value = options.value ?? "";
    control = input;
  }
  const labelText = options.required ? `${label} (verplicht)` : label;
  return h("div", { class: `utrecht-form-field${options.wide ? " wide" : ""}`, "data-field": name },
    h("div", { class: "utrecht-form-field__label" }, h("label", { class: "utrecht-form-label", for: id }, labelText)),
    options.hint ? h("p", { class: "field-hint", id: hintId }, options.hint) : null,
    h("p", { class: "utrecht-form-field-error-message", id: errorId, hidden: true }),
    h("div", { class: "utrecht-form-field__input" }, control),
  );
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

/** Shows each message next to its field and focuses the first invalid one. */
export function showFieldErrors(form: HTMLFormElement, problems: Array<{ field: string; message: string }>): void {
  clearFieldErrors(form);
  let first: HTMLElement | null = null;
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
    if (!first && control) first = control;
  }
  first?.focus();
}

export function clearFieldErrors(form: HTMLFormElement): void {
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
  return h("div", { class: `utrecht-alert utrecht-alert--${kind}`, role: kind === "error" ? "alert" : "status", id },
    h("div", { class: "utrecht-alert__content" }, h("p", { class: "utrecht-alert__message utrecht-paragraph" }, text)));
}

export function button(text: string, attributes: Record<string, string | boolean | undefined> = {}, primary = true): HTMLButtonElement {
  const kind = primary ? "utrecht-button--primary-action" : "utrecht-button--secondary-action";
  return h("button", { type: "button", class: `utrecht-button ${kind}`, ...attributes }, text);
}

/** Today as yyyy-mm-dd in local time, the value of a date input. */
export function isoToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
