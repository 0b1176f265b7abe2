// The Beheerder's screens: the organisation chart (forms, JSON import and export), the
// import of complaints, and user accounts. The audit log is in audit_log.ts.
import { api, asCommandError } from "./api";
import { alertBox, button, clearFieldErrors, field, fileChooser, h, readForm, rowButton } from "./dom";
import type { AppStatus, OrganisationView, RoleOption, UserAccountView } from "./generated/ipc";
import { officialLabel } from "./complaint";
import { checkedValues, isChecked, type Shell } from "./shell";

function checkbox(name: string, label: string, checked: boolean, value = "1"): HTMLElement {
  const id = `f-${name}-${value}`;
  return h(
    "div",
    { class: "utrecht-form-field utrecht-form-field--checkbox", "data-field": name },
    h(
      "label",
      { class: "utrecht-form-label", for: id },
      h("input", { type: "checkbox", id, name, value, class: "utrecht-checkbox utrecht-checkbox--html-input", checked }),
      ` ${label}`,
    ),
    h("p", { class: "utrecht-form-field-error-message", hidden: true }),
  );
}

function setValue(form: HTMLFormElement, name: string, value: string): void {
  const control = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]:not([type=checkbox])`);
  if (control) control.value = value;
}

function setChecked(form: HTMLFormElement, name: string, checked: boolean): void {
  const box = form.querySelector<HTMLInputElement>(`input[type=checkbox][name="${name}"]`);
  if (box) box.checked = checked;
}

// ---------------------------------------------------------------- organisation chart
export async function showOrganisation(shell: Shell, onChartChanged: () => void): Promise<void> {
  let organisation: OrganisationView;
  try {
    organisation = await api.listOrganisation();
  } catch (error) {
    shell.handleError(error);
    return;
  }
  const reload = () => {
    onChartChanged();
    void showOrganisation(shell, onChartChanged);
  };
  const officialOptions: Array<[string, string]> = organisation.officials.map((o) => [o.id, officialLabel(o)]);
  const departmentOptions: Array<[string, string]> = organisation.departments.map((d) => [d.id, d.name]);

  const departmentForm = h(
    "form",
    { id: "department-form", novalidate: true },
    h(
      "div",
      { class: "form-grid" },
      field("id", "Id (kort, vast)", {
        required: true,
        hint: "Bijvoorbeeld bz. Wordt gebruikt in het importbestand.",
        id: "f-department-id",
      }),
      field("name", "Naam van de afdeling", { required: true, id: "f-department-name" }),
      field("manager_id", "Manager", {
        type: "select",
        required: true,
        options: [["", "Kies…"], ...officialOptions],
        hint: "Behandelt de klachten over de dienstverlening van de afdeling en over haar medewerkers. Een nieuwe manager voegt u eerst toe als functionaris (afdeling: Geen); na het opslaan van de afdeling hoort hij of zij erbij.",
      }),
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "department-submit" }, "Afdeling opslaan"),
  );
  departmentForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(departmentForm);
    const values = readForm(departmentForm);
    try {
      await api.saveOrgDepartment({ id: values.id ?? "", name: values.name ?? "", manager_id: values.manager_id ?? "" });
      shell.notify("ok", `Afdeling ${values.name ?? ""} is opgeslagen.`);
      reload();
    } catch (error) {
      showChartProblems(shell, error, departmentForm);
    }
  });

  const officialForm = h(
    "form",
    { id: "official-form", novalidate: true },
    h(
      "div",
      { class: "form-grid" },
      field("id", "Id (kort, vast)", { required: true, hint: "Bijvoorbeeld m-bz of e12.", id: "f-official-id" }),
      field("name", "Naam", { required: true, id: "f-official-name" }),
      field("function", "Functie", {
        type: "select",
        required: true,
        options: [["", "Kies…"], ...organisation.functions.map((f): [string, string] => [f.code, f.label])],
      }),
      field("department_id", "Afdeling", { type: "select", options: [["", "Geen (bestuur, gemeentesecretaris)"], ...departmentOptions] }),
      field("deputy_id", "Vervanger bij afwezigheid", { type: "select", options: [["", "Geen"], ...officialOptions] }),
      h(
        "div",
        {},
        checkbox("absent", "Afwezig (klachten gaan naar de vervanger)", false),
        checkbox("loco_burgemeester", "Loco-burgemeester", false),
      ),
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "official-submit" }, "Functionaris opslaan"),
  );
  officialForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(officialForm);
    const values = readForm(officialForm);
    try {
      await api.saveOfficial({
        id: values.id ?? "",
        name: values.name ?? "",
        function: values.function ?? "",
        department_id: values.department_id ?? "",
        deputy_id: values.deputy_id ?? "",
        absent: isChecked(officialForm, "absent"),
        loco_burgemeester: isChecked(officialForm, "loco_burgemeester"),
      });
      shell.notify("ok", `${values.name ?? ""} is opgeslagen.`);
      reload();
    } catch (error) {
      showChartProblems(shell, error, officialForm);
    }
  });

  const departments = h("tbody");
  for (const department of organisation.departments) {
    const edit = rowButton("Wijzigen", `afdeling ${department.name}`, { "data-edit-department": department.id });
    edit.addEventListener("click", () => {
      setValue(departmentForm, "id", department.id);
      setValue(departmentForm, "name", department.name);
      setValue(departmentForm, "manager_id", department.manager_id);
      (departmentForm.querySelector("[name=name]") as HTMLElement | null)?.focus();
    });
    departments.append(
      h("tr", {}, h("td", {}, department.id), h("td", {}, department.name), h("td", {}, department.manager_name), h("td", {}, edit)),
    );
  }
  const officials = h("tbody");
  for (const official of organisation.officials) {
    const edit = rowButton("Wijzigen", official.name, { "data-edit-official": official.id });
    edit.addEventListener("click", () => {
      setValue(officialForm, "id", official.id);
      setValue(officialForm, "name", official.name);
      setValue(officialForm, "function", official.function);
      setValue(officialForm, "department_id", official.department_id ?? "");
      setValue(officialForm, "deputy_id", official.deputy_id ?? "");
      setChecked(officialForm, "absent", official.absent);
      setChecked(officialForm, "loco_burgemeester", official.loco_burgemeester);
      (officialForm.querySelector("[name=name]") as HTMLElement | null)?.focus();
    });
    officials.append(
      h(
        "tr",
        { "data-official": official.id },
        h("td", {}, official.id),
        h("td", {}, official.name),
        h("td", {}, official.position + (official.loco_burgemeester ? " (loco-burgemeester)" : "")),
        h("td", {}, official.deputy_name ?? ""),
        h("td", {}, official.absent ? "afwezig" : ""),
        h("td", {}, edit),
      ),
    );
  }

  const importText = h("textarea", {
    id: "f-org_json",
    name: "org_json",
    class: "utrecht-textarea",
    rows: "8",
    "aria-describedby": "org-json-hint",
  });
  const file = fileChooser(
    "org-file",
    "Organogram uit een bestand kiezen…",
    () => api.chooseFile("org_chart"),
    (chosen) => {
      importText.value = chosen.text ?? "";
    },
    (error) => shell.handleError(error),
    "org-json-hint",
  );
  const problems = h("div", { id: "import-problems" });
  const importButton = button("Organogram importeren", { id: "org-import" });
  importButton.addEventListener("click", async () => {
    problems.replaceChildren();
    try {
      const result = await api.importOrgChart(importText.value);
      shell.notify("ok", `Het organogram is geïmporteerd: ${result.departments} afdelingen, ${result.officials} functionarissen.`);
      reload();
    } catch (error) {
      showChartProblems(shell, error, undefined, problems);
    }
  });
  const exportButton = button("Exporteren als JSON", { id: "org-export" }, false);
  exportButton.addEventListener("click", async () => {
    try {
      const saved = await api.exportOrgChart();
      shell.notify("ok", `Het organogram is opgeslagen in ${saved.path}.`);
    } catch (error) {
      shell.handleError(error);
    }
  });

  const emptyNotice =
    organisation.officials.length === 0
      ? alertBox(
          "warning",
          "Het organogram is nog leeg. Importeer het organogram (JSON) of voer de functionarissen en afdelingen hieronder in; zonder organogram kan een klacht niet worden toegewezen.",
        )
      : null;
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, "Organisatie"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Wie een klacht behandelt, volgt uit dit organogram en de klachtregeling. Een afwezige functionaris wordt vervangen door zijn of haar vervanger; zonder vervanger gaat de klacht één niveau hoger.",
      ),
      emptyNotice,
      h("h2", { class: "utrecht-heading-2" }, "Afdelingen"),
      h(
        "table",
        { class: "worklist", id: "org-departments" },
        h("thead", {}, h("tr", {}, ...["Id", "Afdeling", "Manager", ""].map((text) => h("th", { scope: "col" }, text)))),
        departments,
      ),
      h("h2", { class: "utrecht-heading-2" }, "Functionarissen"),
      h(
        "table",
        { class: "worklist", id: "org-officials" },
        h(
          "thead",
          {},
          h("tr", {}, ...["Id", "Naam", "Positie", "Vervanger", "Afwezig", ""].map((text) => h("th", { scope: "col" }, text))),
        ),
        officials,
      ),
    ),
    h("section", { class: "panel" }, h("h2", { class: "utrecht-heading-2" }, "Functionaris toevoegen of wijzigen"), officialForm),
    h("section", { class: "panel" }, h("h2", { class: "utrecht-heading-2" }, "Afdeling toevoegen of wijzigen"), departmentForm),
    h(
      "section",
      { class: "panel" },
      h("h2", { class: "utrecht-heading-2" }, "Importeren en exporteren"),
      h(
        "p",
        { class: "utrecht-paragraph", id: "org-json-hint" },
        "Plak het organogram als JSON (formaat: zie de handleiding) of kies een bestand. Een import met fouten wordt in zijn geheel geweigerd; het huidige organogram blijft dan ongewijzigd.",
      ),
      file,
      h(
        "div",
        { class: "utrecht-form-field" },
        h(
          "div",
          { class: "utrecht-form-field__label" },
          h("label", { class: "utrecht-form-label", for: "f-org_json" }, "Organogram als JSON"),
        ),
        h("div", { class: "utrecht-form-field__input" }, importText),
      ),
      problems,
      h("div", { class: "utrecht-button-group" }, importButton, exportButton),
    ),
    complaintImport(shell),
  );
}

/**
 * Complaints of earlier years from the previous system (a JSON file, see the
 * manual). The file is checked as a whole: with any problem nothing is imported and every
 * problem is listed with its record and field.
 */
function complaintImport(shell: Shell): HTMLElement {
  let chosen: string | null = null;
  const file = fileChooser(
    "complaints-file",
    "Bestand met klachten kiezen…",
    () => api.chooseFile("complaints"),
    (picked) => {
      chosen = picked.text ?? null;
      outcome.replaceChildren();
    },
    (error) => shell.handleError(error),
    "complaints-file-label complaints-import-hint",
  );
  const outcome = h("div", { id: "complaints-import-result", "aria-live": "polite" });
  const start = button("Klachten importeren", { id: "complaints-import" });
  start.addEventListener("click", async () => {
    outcome.replaceChildren();
    if (chosen === null) {
      outcome.replaceChildren(alertBox("error", "Kies eerst het bestand met de klachten uit het vorige systeem."));
      file.querySelector("button")?.focus();
      return;
    }
    start.disabled = true;
    try {
      const result = await api.importComplaints(chosen);
      const range = result.first && result.last ? ` (${result.first} tot en met ${result.last}, genummerd per jaar van ontvangst)` : "";
      outcome.replaceChildren(
        alertBox(
          "ok",
          `${result.imported === 1 ? "1 klacht" : `${result.imported} klachten`} geïmporteerd${range}. Ze tellen mee in het klachtverslag; open klachten staan in de werkvoorraad.`,
        ),
      );
    } catch (error) {
      const problem = asCommandError(error);
      if (problem.kind !== "import_refused") {
        shell.handleError(error);
        return;
      }
      const shown = problem.fields.slice(0, 200);
      const more = problem.fields.length > shown.length ? h("p", {}, `En nog ${problem.fields.length - shown.length} problemen.`) : null;
      outcome.replaceChildren(
        h(
          "div",
          { class: "utrecht-alert utrecht-alert--error", role: "alert" },
          h(
            "p",
            { class: "utrecht-paragraph" },
            `Er is niets geïmporteerd: het bestand heeft ${problem.fields.length === 1 ? "1 probleem" : `${problem.fields.length} problemen`}. Verbeter het bestand en importeer het opnieuw.`,
          ),
          h("ul", { class: "problems" }, ...shown.map((item) => h("li", {}, item.message))),
          more,
        ),
      );
    } finally {
      start.disabled = false;
    }
  });
  return h(
    "section",
    { class: "panel" },
    h("h2", { class: "utrecht-heading-2" }, "Klachten uit een vorig systeem"),
    h(
      "p",
      { class: "utrecht-paragraph", id: "complaints-import-hint" },
      "Een JSON-bestand met de klachten van eerdere jaren, met hun uitkomst (formaat: zie de handleiding). Het bestand wordt eerst helemaal gecontroleerd; bij een fout wordt niets geïmporteerd.",
    ),
    h("p", { class: "utrecht-form-label", id: "complaints-file-label" }, "Bestand met klachten"),
    file,
    h("div", { class: "utrecht-button-group" }, start),
    outcome,
  );
}

/** A refused chart: every problem in a list (next to the form or the import box). */
function showChartProblems(shell: Shell, error: unknown, form?: HTMLFormElement, holder?: HTMLElement): void {
  const problem = asCommandError(error);
  if (problem.kind !== "invalid_chart") {
    shell.handleError(error, form);
    return;
  }
  const list = h("ul", { class: "problems" }, ...problem.fields.map((item) => h("li", {}, item.message)));
  const box = h(
    "div",
    { class: "utrecht-alert utrecht-alert--error", role: "alert" },
    h("p", { class: "utrecht-paragraph" }, "Het organogram is niet opgeslagen; er is niets gewijzigd:"),
    list,
  );
  if (holder) holder.replaceChildren(box);
  else if (form) form.prepend(box);
}

// ---------------------------------------------------------------- users
export async function showUsers(shell: Shell): Promise<void> {
  let users: UserAccountView[];
  let roles: RoleOption[];
  let organisation: OrganisationView;
  let ownLogins: boolean;
  try {
    let status: AppStatus;
    [users, roles, organisation, status] = await Promise.all([api.listUsers(), api.roleOptions(), api.listOrganisation(), api.appStatus()]);
    ownLogins = status.shared?.personal_logins ?? false;
  } catch (error) {
    shell.handleError(error);
    return;
  }
  let editing: UserAccountView | null = null;
  const officialName = (id: string | null) => organisation.officials.find((o) => o.id === id)?.name ?? "";
  const title = h("h2", { class: "utrecht-heading-2", id: "user-form-title" }, "Gebruiker toevoegen");
  const passwordField = field("password", "Eerste wachtwoord", {
    type: "password",
    required: true,
    // SEC-07: with own logins the first password is the new login's, made by the server.
    hint: ownLogins
      ? "Minstens 12 tekens: het eerste wachtwoord van de eigen login bij de gedeelde database, die hiermee wordt aangemaakt. De medewerker kiest bij de eerste keer inloggen een eigen wachtwoord. Heeft de medewerker al een login (bijv. via de directory), dan wordt dit wachtwoord niet gebruikt."
      : "Minstens 12 tekens. De gebruiker kiest bij de eerste keer inloggen een eigen wachtwoord.",
    autocomplete: "new-password",
  });
  const activeField = checkbox("active", "Actief (kan inloggen)", true);
  activeField.hidden = true;
  const form = h(
    "form",
    { id: "user-form", novalidate: true },
    h(
      "div",
      { class: "form-grid" },
      field("username", "Gebruikersnaam", { required: true, autocomplete: "off" }),
      field("display_name", "Naam", { required: true, hint: "Komt onder de brieven." }),
      field("job_title", "Functie", { required: true, hint: "Komt onder de brieven." }),
      field("official_id", "Functionaris in het organogram", {
        type: "select",
        options: [["", "Geen (KCC, beheer)"], ...organisation.officials.map((o): [string, string] => [o.id, officialLabel(o)])],
        hint: "Verplicht voor een klachtbehandelaar: zo ziet hij of zij de eigen klachten.",
      }),
      passwordField,
    ),
    h(
      "fieldset",
      { class: "utrecht-form-fieldset", "data-field": "roles" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Rollen"),
      h("p", { class: "utrecht-form-field-error-message", hidden: true }),
      ...roles.map((role) => checkbox("roles", role.label, false, role.code)),
    ),
    activeField,
    h(
      "div",
      { class: "utrecht-button-group" },
      h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "user-submit" }, "Gebruiker opslaan"),
    ),
  );
  const startEditing = (user: UserAccountView | null) => {
    editing = user;
    form.reset();
    clearFieldErrors(form);
    title.textContent = user ? `Gebruiker ${user.username} wijzigen` : "Gebruiker toevoegen";
    passwordField.hidden = user !== null;
    activeField.hidden = user === null;
    const username = form.querySelector<HTMLInputElement>("[name=username]");
    if (username) username.readOnly = user !== null;
    if (user) {
      setValue(form, "username", user.username);
      setValue(form, "display_name", user.display_name);
      setValue(form, "job_title", user.job_title);
      setValue(form, "official_id", user.official_id ?? "");
      setChecked(form, "active", user.active);
      for (const box of Array.from(form.querySelectorAll<HTMLInputElement>("input[name=roles]")))
        box.checked = user.roles.includes(box.value);
    }
    (form.querySelector(user ? "[name=display_name]" : "[name=username]") as HTMLElement | null)?.focus();
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readForm(form);
    try {
      const saved = await api.saveUser({
        id: editing?.id ?? null,
        username: values.username ?? "",
        display_name: values.display_name ?? "",
        job_title: values.job_title ?? "",
        official_id: values.official_id ?? "",
        roles: checkedValues(form, "roles"),
        active: editing ? isChecked(form, "active") : true,
        password: editing ? "" : (values.password ?? ""),
      });
      await showUsers(shell);
      shell.notify("ok", `Gebruiker ${saved.username} is opgeslagen.`);
    } catch (error) {
      shell.handleError(error, form);
    }
  });

  const body = h("tbody");
  for (const user of users) {
    const edit = rowButton("Wijzigen", `gebruiker ${user.display_name}`, { "data-edit-user": user.username });
    edit.addEventListener("click", () => startEditing(user));
    const reset = rowButton("Nieuw wachtwoord", `voor ${user.display_name}`, { "data-reset-user": user.username });
    reset.addEventListener("click", () => showReset(shell, user, reset));
    const state = [user.active ? "actief" : "gedeactiveerd", user.must_change_password ? "moet wachtwoord kiezen" : ""]
      .filter(Boolean)
      .join(", ");
    body.append(
      h(
        "tr",
        { "data-user": user.username },
        h("td", {}, user.username),
        h("td", {}, user.display_name, h("div", { class: "muted" }, user.job_title)),
        h("td", {}, user.role_labels.join(", ")),
        h("td", {}, officialName(user.official_id)),
        h("td", {}, state),
        h("td", {}, h("div", { class: "utrecht-button-group" }, edit, reset)),
      ),
    );
  }
  const addButton = button("Nieuwe gebruiker", { id: "user-new" }, false);
  addButton.addEventListener("click", () => startEditing(null));
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, "Gebruikers"),
      h("p", { class: "utrecht-paragraph" }, "Accounts worden nooit verwijderd, alleen gedeactiveerd: het auditlog verwijst ernaar."),
      h(
        "table",
        { class: "worklist", id: "users" },
        h(
          "thead",
          {},
          h("tr", {}, ...["Gebruikersnaam", "Naam", "Rollen", "Functionaris", "Status", ""].map((text) => h("th", { scope: "col" }, text))),
        ),
        body,
      ),
      addButton,
    ),
    h("section", { class: "panel" }, title, form),
  );
}

function showReset(shell: Shell, user: UserAccountView, trigger: HTMLElement): void {
  const form = h(
    "form",
    { class: "inline-form", id: `reset-${user.username}`, novalidate: true },
    field("password", `Tijdelijk wachtwoord voor ${user.username}`, { type: "password", required: true, autocomplete: "new-password" }),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, "Instellen"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      await api.resetUserPassword(user.id, readForm(form).password ?? "");
      await showUsers(shell);
      shell.notify("ok", `${user.username} kiest bij de volgende keer inloggen een eigen wachtwoord.`);
    } catch (error) {
      shell.handleError(error, form);
    }
  });
  trigger.closest("td")?.append(form);
  (form.querySelector("input") as HTMLElement | null)?.focus();
}
