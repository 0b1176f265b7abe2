// The Instellingen screen (Beheerder): the municipality's details and letterhead, the terms
// and reminders, the names of the functions, the backup panel and the retention terms.
import { api } from "./api";
import { backupPanel } from "./backup";
import { retentionPanel } from "./retention";
import { clearFieldErrors, field, h, readForm } from "./dom";
import { logoField } from "./letter_templates";
import type { SettingsData } from "./generated/ipc";
import type { Shell } from "./shell";

export async function showSettings(shell: Shell, saved: () => Promise<void>, backupMade: () => void): Promise<void> {
  const { show, notify, handleError } = shell;
  let settings: SettingsData;
  try {
    settings = await api.getSettings();
  } catch (error) {
    handleError(error);
    return;
  }
  const form = h(
    "form",
    { id: "settings-form", novalidate: true },
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Briefpapier"),
      h(
        "div",
        { class: "form-grid" },
        field("municipality_name", "Naam van de gemeente", { required: true, value: settings.municipality_name }),
        field("phone", "Telefoonnummer", { value: settings.phone }),
        field("postal_address", "Postadres (retouradres)", { required: true, value: settings.postal_address }),
        field("visiting_address", "Bezoekadres", { value: settings.visiting_address }),
        field("website", "Website", { value: settings.website }),
        field("signature_lines", "Afsluiting boven de ondertekening", {
          type: "textarea",
          value: settings.signature_lines,
          wide: true,
          hint: "Elke regel hier wordt een regel in de brief, bijvoorbeeld 'Met vriendelijke groet,' en 'namens het college van burgemeester en wethouders van Diemen,'. Daaronder komen naam en functie van de behandelaar.",
        }),
        logoField(shell, settings.has_logo),
      ),
    ),
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Beveiliging en termijnen"),
      h(
        "div",
        { class: "form-grid" },
        field("lock_minutes", "Vergrendelen na … minuten zonder activiteit", {
          required: true,
          value: settings.lock_minutes,
          hint: "Van 1 tot en met 120; standaard 15.",
        }),
        field("acknowledgement_days", "Ontvangstbevestiging binnen … werkdagen", {
          required: true,
          value: settings.acknowledgement_days,
          hint: "Interne norm; standaard 5.",
        }),
        field("first_contact_days", "Eerste contact met de klager binnen … werkdagen", {
          required: true,
          value: settings.first_contact_days,
          hint: "Interne norm; standaard 5.",
        }),
        field("due_soon_days", "'Binnenkort' vanaf … werkdagen voor een termijn", {
          required: true,
          value: settings.due_soon_days,
          hint: "Oranje in de werkvoorraad; standaard 5.",
        }),
        field("extra_holidays", "Extra feestdagen bij koninklijk besluit", {
          type: "textarea",
          value: settings.extra_holidays,
          hint: "Eén datum per regel, bijvoorbeeld 15-05-2026. Termijnen die op zo'n dag eindigen, schuiven door (Algemene termijnenwet).",
        }),
      ),
    ),
    h(
      "fieldset",
      { class: "utrecht-form-fieldset" },
      h("legend", { class: "utrecht-form-fieldset__legend" }, "Namen van functies"),
      h(
        "p",
        { class: "field-hint" },
        "Zoals uw gemeente ze noemt; ze staan in het scherm en in de brieven. Diemen zegt bijvoorbeeld teamleider en directeur. Wie een klacht behandelt, verandert hierdoor niet.",
      ),
      h(
        "div",
        { class: "form-grid" },
        field("label_medewerker", "Medewerker", { required: true, value: settings.label_medewerker }),
        field("label_afdelingsmanager", "Afdelingsmanager", { required: true, value: settings.label_afdelingsmanager }),
        field("label_gemeentesecretaris", "Gemeentesecretaris", { required: true, value: settings.label_gemeentesecretaris }),
        field("label_wethouder", "Wethouder", { required: true, value: settings.label_wethouder }),
        field("label_burgemeester", "Burgemeester", { required: true, value: settings.label_burgemeester }),
      ),
    ),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "settings-submit" }, "Instellingen opslaan"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      await api.saveSettings(readForm(form) as unknown as SettingsData);
      await saved();
      notify("ok", "De instellingen zijn opgeslagen.");
    } catch (error) {
      handleError(error, form);
    }
  });
  const backup = await backupPanel(shell, backupMade);
  const retention = await retentionPanel(shell);
  show(h("section", { class: "panel" }, h("h1", { class: "utrecht-heading-1" }, "Instellingen"), form), backup, retention);
}
