// Backups for the Beheerder (SEC-06): the panel under Instellingen (make one now, when the last
// was made, after how many days to remind) and the reminder above every screen when the last
// backup is too old. Restoring is done with klachtbalie-cli while the app is closed.
import { api } from "./api";
import { alertBox, button, clearFieldErrors, field, h, readForm } from "./dom";
import type { BackupStatusView } from "./generated/ipc";
import type { Shell } from "./shell";

function lastLine(status: BackupStatusView): string {
  return status.last ? `De laatste back-up is van ${status.last}.` : "Er is op deze werkplek nog geen back-up gemaakt.";
}

/** The reminder above the screens; empty when no backup is due (or the user is no Beheerder). */
export async function refreshBackupNotice(holder: HTMLElement, openSettings: () => void): Promise<void> {
  let status: BackupStatusView;
  try {
    status = await api.backupStatus();
  } catch {
    holder.replaceChildren(); // not allowed or not open: no reminder
    return;
  }
  if (!status.due) {
    holder.replaceChildren();
    return;
  }
  const go = button("Back-up maken", { id: "backup-notice-go" }, false);
  go.addEventListener("click", openSettings);
  holder.replaceChildren(
    h(
      "div",
      { class: "utrecht-alert utrecht-alert--warning", role: "status", id: "backup-notice" },
      h(
        "p",
        { class: "utrecht-paragraph" },
        `${lastLine(status)} Maak minstens elke ${status.reminder_days} dagen een back-up, zodat er nooit een klacht verloren gaat.`,
      ),
      go,
    ),
  );
}

/** The Back-up panel of the settings screen. */
export async function backupPanel(shell: Shell, afterChange: () => void): Promise<HTMLElement> {
  const panel = h("section", { class: "panel", id: "backup-panel", "aria-labelledby": "backup-title" });
  const render = (status: BackupStatusView) => {
    if (status.shared) {
      panel.replaceChildren(
        h("h2", { class: "utrecht-heading-2", id: "backup-title" }, "Back-up"),
        h(
          "p",
          { class: "utrecht-paragraph" },
          "Deze werkplek gebruikt de gedeelde database van de gemeente. Daarvan maakt de databasebeheerder de back-up (pg_dump); zie de handleiding.",
        ),
      );
      return;
    }
    const make = button("Back-up maken", { id: "backup-make" });
    const result = h("div", { id: "backup-result", "aria-live": "polite" });
    make.addEventListener("click", async () => {
      make.disabled = true;
      result.replaceChildren(h("p", { class: "muted" }, "Back-up wordt gemaakt…"));
      try {
        const made = await api.makeBackup();
        result.replaceChildren(
          alertBox(
            "ok",
            `De back-up is opgeslagen in ${made.path} (${made.complaints === 1 ? "1 klacht" : `${made.complaints} klachten`}, ${String(made.megabytes).replace(".", ",")} MB). Bewaar hem op een andere schijf of server; hij is versleuteld en alleen met de sleutel of de herstelsleutel te openen.`,
          ),
        );
        render(await api.backupStatus());
        panel.querySelector("#backup-result")?.replaceWith(result);
        afterChange();
      } catch (error) {
        result.replaceChildren();
        shell.handleError(error);
      } finally {
        make.disabled = false;
      }
    });
    const form = h(
      "form",
      { id: "backup-reminder-form", class: "filters", novalidate: true },
      field("backup_reminder_days", "Herinneren na … dagen zonder back-up", {
        value: String(status.reminder_days),
        required: true,
        hint: "Van 1 tot en met 90; standaard 7.",
      }),
      h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "backup-reminder-save" }, "Opslaan"),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      try {
        render(await api.setBackupReminderDays(readForm(form).backup_reminder_days ?? ""));
        shell.notify("ok", "De herinnering voor back-ups is opgeslagen.");
        afterChange();
      } catch (error) {
        shell.handleError(error, form);
      }
    });
    panel.replaceChildren(
      h("h2", { class: "utrecht-heading-2", id: "backup-title" }, "Back-up"),
      h("p", { class: "utrecht-paragraph", id: "backup-last" }, lastLine(status)),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Een back-up is een volledige, versleutelde kopie van de database, ook terwijl er gewerkt wordt. Terugzetten gaat met klachtbalie-cli restore terwijl de app gesloten is (zie de handleiding).",
      ),
      h("div", { class: "utrecht-button-group" }, make),
      result,
      form,
    );
  };
  try {
    render(await api.backupStatus());
  } catch (error) {
    shell.handleError(error);
  }
  return panel;
}
