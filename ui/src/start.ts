// The start screens: first start (a single desk or the municipality's shared database), the
// shared database that does not answer, the recovery key shown once, and unlocking with it.
// The frame (main.ts) hands in how to show a screen and where to go next.
import { api, asCommandError, type CommandError } from "./api";
import { alertBox, button, clearFieldErrors, field, h, readForm, showFieldErrors } from "./dom";
import type { AppStatus, SetupRequest, SharedConnectionRequest, SharedConnectionView } from "./generated/ipc";

/** What the start screens need from the frame. */
export interface StartFrame {
  show(...content: Node[]): void;
  notify(kind: "error" | "ok" | "info" | "warning", text: string): void;
  handleError(error: unknown, form?: HTMLFormElement): CommandError;
  refreshStatus(): Promise<AppStatus>;
  route(): Promise<void>;
  header: HTMLElement;
}

let frame: StartFrame;

/** Called once by the frame before any start screen is shown. */
export function useFrame(given: StartFrame): void {
  frame = given;
}

const show = (...content: Node[]): void => frame.show(...content);
const notify = (kind: "error" | "ok" | "info" | "warning", text: string): void => frame.notify(kind, text);
const handleError = (error: unknown, form?: HTMLFormElement): CommandError => frame.handleError(error, form);
const refreshStatus = (): Promise<AppStatus> => frame.refreshStatus();
const route = (): Promise<void> => frame.route();

// ---------------------------------------------------------------- first start
/** A radio button with its label and a line of explanation. */
function choice(name: string, value: string, label: string, hint: string, checked: boolean): HTMLElement {
  const id = `f-${name}-${value}`;
  return h(
    "div",
    { class: "choice" },
    h(
      "label",
      { for: id },
      h("input", { type: "radio", name, value, id, checked, class: "utrecht-radio-button utrecht-radio-button--html-input" }),
      " ",
      h("strong", {}, label),
    ),
    h("p", { class: "field-hint" }, hint),
  );
}

function checkedValue(root: ParentNode, name: string): string {
  return root.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? "";
}

/** Where and how to reach the municipality's shared database (never the password's value). */
function connectionFields(remembered: SharedConnectionView | null): HTMLElement {
  return h(
    "div",
    { class: "form-grid" },
    field("db_host", "Server", {
      required: true,
      value: remembered?.host ?? "",
      hint: "Naam of IP-adres van de databaseserver, bijvoorbeeld db.diemen.nl.",
    }),
    field("db_port", "Poort", { required: true, value: remembered?.port ?? "5432", hint: "Meestal 5432." }),
    field("db_name", "Databasenaam", { required: true, value: remembered?.database ?? "" }),
    field("db_user", "Gebruikersnaam", { required: true, value: remembered?.user ?? "", autocomplete: "off" }),
    field("db_password", "Wachtwoord", {
      type: "password",
      required: true,
      autocomplete: "off",
      hint: "Wordt bewaard in de sleutelkluis van deze computer, nooit in een bestand.",
    }),
    field("db_ca_file", "CA-certificaat van de gemeente", {
      required: true,
      value: remembered?.ca_file ?? "",
      wide: true,
      hint: "Het volledige pad van het .pem- of .crt-bestand dat de applicatiebeheerder gaf. De verbinding is altijd versleuteld en wordt met dit certificaat gecontroleerd.",
    }),
  );
}

function connectionRequest(values: Record<string, string>): SharedConnectionRequest {
  return {
    host: values.db_host ?? "",
    port: values.db_port ?? "",
    database: values.db_name ?? "",
    user: values.db_user ?? "",
    password: values.db_password ?? "",
    ca_file: values.db_ca_file ?? "",
  };
}

/** A connection problem goes next to its field (Rust names it); the rest as usual. */
function handleConnectionError(error: unknown, form: HTMLFormElement): void {
  const problem = asCommandError(error);
  const nextToField =
    problem.kind.startsWith("shared_") ||
    problem.kind === "already_set_up" ||
    problem.kind === "wrong_recovery_key" ||
    problem.kind === "key";
  if (!nextToField) {
    handleError(problem, form);
    return;
  }
  const fields =
    problem.fields.length > 0
      ? problem.fields
      : problem.kind === "wrong_recovery_key" || problem.kind === "key"
        ? [{ field: "recovery_key", message: problem.message }]
        : [];
  showFieldErrors(form, fields);
  notify("error", problem.message);
}

export async function showSetup(current: AppStatus): Promise<void> {
  const defaults: SetupRequest = await api.setupDefaults();
  const remembered = current.shared;
  const storage = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "storage-choice" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Waar bewaart Klachtbalie de klachten?"),
    choice(
      "storage",
      "local",
      "Alleen deze werkplek",
      "De gegevens staan versleuteld op deze computer. Kies dit als alleen op deze computer met Klachtbalie wordt gewerkt.",
      remembered === null,
    ),
    choice(
      "storage",
      "shared",
      "Gedeelde database van de gemeente",
      "Meer werkplekken werken met dezelfde klachten. De gegevens staan versleuteld in de PostgreSQL-database van de gemeente; de applicatiebeheerder geeft u de gegevens hieronder.",
      remembered !== null,
    ),
  );
  const action = h(
    "div",
    { class: "utrecht-form-field", "data-field": "shared_action", role: "radiogroup", "aria-labelledby": "shared-action-label" },
    h("p", { class: "utrecht-form-label", id: "shared-action-label" }, h("strong", {}, "Wat wilt u doen?")),
    h("p", { class: "utrecht-form-field-error-message", hidden: true }),
    choice(
      "shared_action",
      "set_up",
      "Database inrichten",
      "Dit is de eerste werkplek: Klachtbalie richt de lege database in en maakt het eerste account. Log in als eigenaar van de database.",
      true,
    ),
    choice(
      "shared_action",
      "join",
      "Werkplek koppelen",
      "De database is al ingericht op een andere werkplek. U heeft de herstelsleutel nodig die daarbij is getoond.",
      false,
    ),
  );
  const connection = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "shared-connection" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Gedeelde database"),
    connectionFields(remembered),
    action,
    h(
      "div",
      { class: "utrecht-form-field utrecht-form-field--checkbox", "data-field": "personal_logins" },
      h(
        "label",
        { class: "checkbox", for: "f-personal_logins" },
        h("input", {
          type: "checkbox",
          id: "f-personal_logins",
          name: "personal_logins",
          value: "1",
          class: "utrecht-checkbox utrecht-checkbox--html-input",
          "aria-describedby": "f-personal_logins-hint",
        }),
        " Iedereen meldt zich aan met een eigen login",
      ),
      h(
        "p",
        { class: "field-hint", id: "f-personal_logins-hint" },
        "Aanbevolen. Deze werkplek bewaart dan geen login en geen wachtwoord; bij het inloggen controleert de server het wachtwoord van ieder zelf. Bij het koppelen vult u hierboven uw eigen login en wachtwoord in; bij het inrichten is het eerste account uw eigen login.",
      ),
    ),
  );
  // The owner's login above sets the database up; the desk then works with the
  // desks' login (rows only), and only that password is kept in the keyring.
  const deskLogin = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "setup-desk-login" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Login voor de werkplekken"),
    h(
      "p",
      { class: "field-hint" },
      "Hierboven staat de login van de eigenaar; die wordt alleen voor het inrichten gebruikt en niet bewaard. Daarna werkt deze werkplek, net als de andere, met de login voor de werkplekken (die mag gegevens lezen en schrijven, maar het schema niet wijzigen).",
    ),
    h(
      "div",
      { class: "form-grid" },
      field("desk_user", "Login voor de werkplekken", { required: true, value: "klachtbalie_app", autocomplete: "off" }),
      field("desk_password", "Wachtwoord van die login", {
        type: "password",
        required: true,
        autocomplete: "off",
        hint: "Wordt bewaard in de sleutelkluis van deze computer.",
      }),
    ),
  );
  const municipality = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "setup-municipality" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Gemeente (voor het briefpapier)"),
    h(
      "div",
      { class: "form-grid" },
      field("municipality_name", "Naam van de gemeente", { required: true, value: defaults.municipality_name }),
      field("phone", "Telefoonnummer", { value: defaults.phone }),
      field("postal_address", "Postadres", { required: true, value: defaults.postal_address, hint: "Komt als retouradres op de brieven." }),
      field("visiting_address", "Bezoekadres", { value: defaults.visiting_address }),
      field("website", "Website", { value: defaults.website }),
    ),
  );
  const account = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "setup-account" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Eerste account"),
    h("p", { class: "field-hint" }, "Dit account krijgt de rollen Beheerder en Klachtcoördinator. Meer gebruikers voegt u later toe."),
    h(
      "p",
      { class: "field-hint", id: "setup-account-personal", hidden: true },
      "Het eerste account is uw eigen login van de database (of van de gemeente): vul die gebruikersnaam en het wachtwoord daarvan in. De server controleert het wachtwoord; Klachtbalie bewaart het niet.",
    ),
    h(
      "div",
      { class: "form-grid" },
      field("admin_display_name", "Uw naam", { required: true, autocomplete: "name" }),
      field("admin_job_title", "Uw functie", { required: true, value: defaults.admin_job_title }),
      field("admin_username", "Gebruikersnaam", { required: true, autocomplete: "username" }),
      h("div"),
      field("admin_password", "Wachtwoord", {
        type: "password",
        required: true,
        hint: "Minstens 12 tekens.",
        autocomplete: "new-password",
      }),
      field("admin_password_repeat", "Wachtwoord nogmaals", { type: "password", required: true, autocomplete: "new-password" }),
    ),
  );
  const join = h(
    "fieldset",
    { class: "utrecht-form-fieldset", id: "setup-join" },
    h("legend", { class: "utrecht-form-fieldset__legend" }, "Herstelsleutel"),
    field("recovery_key", "Herstelsleutel van de gedeelde database", {
      required: true,
      wide: true,
      hint: "17 groepen van 4 tekens, getoond toen de database werd ingericht. Streepjes en spaties mogen. Een verkeerde sleutel verandert niets.",
    }),
  );
  const submit = h(
    "button",
    { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "setup-submit" },
    "Klachtbalie inrichten",
  );
  const intro = h("p", { class: "utrecht-paragraph", id: "setup-intro" });
  const form = h("form", { id: "setup-form", novalidate: true }, storage, connection, deskLogin, municipality, account, join, submit);
  const update = (): void => {
    const shared = checkedValue(form, "storage") === "shared";
    const joining = shared && checkedValue(form, "shared_action") === "join";
    const personal = shared && (form.querySelector("#f-personal_logins") as HTMLInputElement).checked;
    connection.hidden = !shared;
    deskLogin.hidden = !shared || joining || personal;
    // With personal logins the first account's password is the server's: no rule, no repeat.
    (form.querySelector("#setup-account-personal") as HTMLElement).hidden = !personal;
    (form.querySelector('[data-field="admin_password_repeat"]') as HTMLElement).hidden = personal;
    const passwordHint = form.querySelector("#f-db_password-hint");
    if (passwordHint)
      passwordHint.textContent =
        personal && joining
          ? "Uw eigen wachtwoord; de server controleert het en deze werkplek bewaart het niet."
          : personal
            ? "Het wachtwoord van de eigenaar; het wordt alleen voor het inrichten gebruikt en niet bewaard."
            : "Wordt bewaard in de sleutelkluis van deze computer, nooit in een bestand.";
    municipality.hidden = joining;
    account.hidden = joining;
    join.hidden = !joining;
    submit.textContent = !shared ? "Klachtbalie inrichten" : joining ? "Werkplek koppelen" : "Database inrichten";
    intro.textContent = shared
      ? "Klachtbalie wordt voor het eerst gestart op deze computer. De klachten komen versleuteld in de gedeelde database; de sleutel komt in de sleutelkluis van deze computer en gaat nooit naar de server."
      : "Klachtbalie wordt voor het eerst gestart op deze computer. Alle gegevens worden versleuteld opgeslagen; de sleutel komt in de sleutelkluis van deze computer.";
  };
  form.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && (event.target.type === "radio" || event.target.id === "f-personal_logins")) update();
  });
  update();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readForm(form);
    const shared = checkedValue(form, "storage") === "shared";
    const joining = shared && checkedValue(form, "shared_action") === "join";
    const personal = shared && (form.querySelector("#f-personal_logins") as HTMLInputElement).checked;
    const label = submit.textContent;
    submit.disabled = true;
    if (shared) submit.textContent = "Bezig met verbinden…";
    try {
      if (!shared) {
        const response = await api.setUp(values as unknown as SetupRequest);
        await refreshStatus();
        showRecoveryKey(response.recovery_key, true);
      } else if (joining) {
        const warning = await api.joinShared({
          connection: connectionRequest(values),
          recovery_key: values.recovery_key ?? "",
          personal_logins: personal,
        });
        await route();
        const done = personal
          ? "Deze werkplek is gekoppeld aan de gedeelde database. U bent aangemeld met uw eigen login; iedereen meldt zich hier voortaan zo aan."
          : "Deze werkplek is gekoppeld aan de gedeelde database. Log in met uw eigen account.";
        notify(warning ? "warning" : "ok", warning ?? done);
      } else {
        const setup: SetupRequest = {
          municipality_name: values.municipality_name ?? "",
          postal_address: values.postal_address ?? "",
          visiting_address: values.visiting_address ?? "",
          phone: values.phone ?? "",
          website: values.website ?? "",
          admin_username: values.admin_username ?? "",
          admin_display_name: values.admin_display_name ?? "",
          admin_job_title: values.admin_job_title ?? "",
          admin_password: values.admin_password ?? "",
          admin_password_repeat: personal ? (values.admin_password ?? "") : (values.admin_password_repeat ?? ""),
        };
        const response = await api.setUpShared({
          connection: connectionRequest(values),
          desk_user: personal ? "" : (values.desk_user ?? ""),
          desk_password: personal ? "" : (values.desk_password ?? ""),
          setup,
          personal_logins: personal,
        });
        await refreshStatus();
        showRecoveryKey(response.recovery_key, true);
        if (response.warning) notify("warning", response.warning);
      }
    } catch (error) {
      handleConnectionError(error, form);
    } finally {
      submit.disabled = false;
      submit.textContent = label;
    }
  });
  show(h("section", { class: "panel" }, h("h1", { class: "utrecht-heading-1" }, "Welkom bij Klachtbalie"), intro, form));
  (form.querySelector(remembered ? "#f-db_password" : "#f-admin_display_name") as HTMLElement | null)?.focus();
}

// ---------------------------------------------------------------- shared database not reachable
/** The shared database did not answer (or refused the connection) at start. */
export function showUnreachable(current: AppStatus): void {
  const retry = button("Opnieuw proberen", { id: "retry-start" });
  const form = h(
    "form",
    { id: "connection-form", novalidate: true },
    connectionFields(current.shared),
    h(
      "button",
      { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "connection-submit" },
      "Opslaan en verbinden",
    ),
  );
  const again = async (work: () => Promise<AppStatus>, trigger: HTMLButtonElement): Promise<void> => {
    const label = trigger.textContent;
    trigger.disabled = true;
    trigger.textContent = "Bezig met verbinden…";
    try {
      const next = await work();
      if (next.phase === "unreachable") {
        showUnreachable(next);
        notify("error", "Er is nog steeds geen verbinding met de gedeelde database.");
      } else {
        await route();
        if (next.reason && next.phase !== "recovery") notify("warning", next.reason);
      }
    } catch (error) {
      handleConnectionError(error, form);
    } finally {
      trigger.disabled = false;
      trigger.textContent = label;
    }
  };
  retry.addEventListener("click", () => void again(() => api.retryStart(), retry));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    void again(
      () => api.changeConnection(connectionRequest(readForm(form))),
      form.querySelector("#connection-submit") as HTMLButtonElement,
    );
  });
  show(
    h(
      "section",
      { class: "panel narrow", "aria-labelledby": "unreachable-title" },
      h("h1", { class: "utrecht-heading-1", id: "unreachable-title" }, "Geen verbinding met de gedeelde database"),
      alertBox("error", current.reason ?? "De gedeelde database is niet bereikbaar.", "unreachable-reason"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Er is niets gewijzigd; wat al in de database staat, blijft bewaard. Probeer het opnieuw zodra de verbinding er weer is.",
      ),
      h("div", { class: "utrecht-button-group" }, retry),
      h(
        "details",
        { id: "connection-details" },
        h("summary", {}, "Verbindingsgegevens aanpassen (nieuw wachtwoord, andere server of certificaat)"),
        h("p", { class: "field-hint" }, "Vul ook het wachtwoord in. De nieuwe gegevens worden pas bewaard als de verbinding ermee lukt."),
        form,
      ),
    ),
  );
  retry.focus();
}

// ---------------------------------------------------------------- recovery key (shown once)
export function showRecoveryKey(recoveryKey: string, afterSetup: boolean): void {
  frame.header.hidden = true;
  const confirm = h("input", { type: "checkbox", id: "recovery-confirm", class: "utrecht-checkbox utrecht-checkbox--html-input" });
  const next = button(afterSetup ? "Verder naar Klachtbalie" : "Verder", { id: "recovery-continue", disabled: true });
  const saveResult = h("div", { id: "recovery-save-result" });
  confirm.addEventListener("change", () => {
    next.disabled = !confirm.checked;
  });
  const save = button("Opslaan als PDF", { id: "recovery-save" }, false);
  save.addEventListener("click", async () => {
    try {
      const saved = await api.saveRecoveryKeyPdf();
      saveResult.replaceChildren(
        alertBox(
          "ok",
          saved.opened
            ? `De herstelsleutel is opgeslagen in ${saved.path} en geopend. Print hem en bewaar hem veilig.`
            : `De herstelsleutel is opgeslagen in ${saved.path}. Print hem en bewaar hem veilig.`,
        ),
      );
    } catch (error) {
      handleError(error);
    }
  });
  next.addEventListener("click", async () => {
    try {
      await api.confirmRecoveryKeySaved();
      await route();
    } catch (error) {
      handleError(error);
    }
  });
  show(
    h(
      "section",
      { class: "panel narrow", "aria-labelledby": "recovery-title" },
      h("h1", { class: "utrecht-heading-1", id: "recovery-title" }, "Bewaar uw herstelsleutel"),
      alertBox(
        "warning",
        "Deze sleutel ziet u maar één keer. Zonder deze sleutel zijn de klachten onleesbaar als de sleutelkluis van deze computer verloren gaat (nieuwe computer, nieuw account). Bewaar hem niet op deze computer.",
      ),
      h(
        "p",
        { class: "recovery-key", id: "recovery-key", tabindex: "0", "aria-label": "Herstelsleutel" },
        // <wbr> lets the key wrap only between groups; copying it yields the plain key.
        ...recoveryKey.split("-").flatMap((group, index) => (index === 0 ? [group] : ["-", h("wbr"), group])),
      ),
      h("div", { class: "utrecht-button-group" }, save),
      saveResult,
      h(
        "p",
        { class: "utrecht-paragraph" },
        h(
          "label",
          { for: "recovery-confirm" },
          confirm,
          " Ik heb de herstelsleutel veilig bewaard (geprint of in de wachtwoordkluis van de gemeente).",
        ),
      ),
      next,
    ),
  );
  save.focus();
}

// ---------------------------------------------------------------- unlock with recovery key
export function showRecovery(reason: string, shared: SharedConnectionView | null): void {
  const form = h(
    "form",
    { id: "recovery-form", novalidate: true },
    field("recovery_key", "Herstelsleutel", {
      required: true,
      hint: "17 groepen van 4 tekens, bijvoorbeeld 1A2B-3C4D-… Streepjes en spaties mogen.",
      wide: true,
    }),
    h(
      "button",
      { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "recovery-submit" },
      shared ? "Werkplek koppelen" : "Database openen",
    ),
  );
  if (shared?.personal_logins) {
    // Someone signed in with their own login and was asked for the recovery key: they can
    // sign out again, and their connection goes with them.
    const signOut = h(
      "button",
      { type: "button", class: "utrecht-button utrecht-button--secondary-action", id: "recovery-logout" },
      "Afmelden",
    );
    signOut.addEventListener("click", async () => {
      await api.logOut();
      await route();
    });
    form.append(" ", signOut);
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const key = (form.querySelector("#f-recovery_key") as HTMLInputElement).value;
    try {
      const warning = await api.unlockWithRecoveryKey(key);
      if (warning) notify("warning", warning);
      else notify("ok", "De database is geopend en de sleutel staat weer in de sleutelkluis.");
      await route();
    } catch (error) {
      const problem = asCommandError(error);
      showFieldErrors(form, [{ field: "recovery_key", message: problem.message }]);
    }
  });
  show(
    h(
      "section",
      { class: "panel narrow" },
      h("h1", { class: "utrecht-heading-1" }, shared ? "Werkplek koppelen" : "Herstelsleutel nodig"),
      alertBox("warning", reason),
      h(
        "p",
        { class: "utrecht-paragraph" },
        shared
          ? `Deze werkplek werkt met de gedeelde database ${shared.database} op ${shared.host}. Vul de herstelsleutel van deze database in: de laatste die de Beheerder kreeg (een nieuwe herstelsleutel vervangt de vorige). Een verkeerde sleutel verandert niets.`
          : "Vul de herstelsleutel in die bij de installatie is getoond. Een verkeerde sleutel verandert niets aan de database.",
      ),
      form,
    ),
  );
  (form.querySelector("input") as HTMLElement | null)?.focus();
}
