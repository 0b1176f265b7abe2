// The Beheerder's retention terms (AVG-02): the Selectielijst's years per result class, changed
// only with a reason (audited). Which class a complaint falls in is decided in its file.
import { api } from "./api";
import { clearFieldErrors, field, h, readForm } from "./dom";
import type { RetentionPeriodsView } from "./generated/ipc";
import type { Shell } from "./shell";

const TERMS: Array<[keyof RetentionPeriodsView, string]> = [
  ["handled", "Afgehandeld (13.1)"],
  ["compensation", "Met financiële gevolgen (13.1.1)"],
  ["ombudsman", "Via de ombudsman (13.1.2)"],
  ["not_handled", "Niet in behandeling genomen (13.1.4)"],
  ["withdrawn", "Ingetrokken (13.2)"],
  ["forwarded", "Doorgezonden (13.2)"],
];

export async function retentionPanel(shell: Shell): Promise<HTMLElement> {
  const panel = h("section", { class: "panel", id: "retention-periods", "aria-labelledby": "retention-periods-title" });
  const render = (periods: RetentionPeriodsView) => {
    const form = h(
      "form",
      { id: "retention-periods-form", novalidate: true },
      h(
        "div",
        { class: "form-grid" },
        ...TERMS.map(([name, label]) =>
          field(`retention_years_${name}`, `${label}, jaren`, { value: String(periods[name]), required: true }),
        ),
        field("reason", "Reden van de wijziging", {
          required: true,
          wide: true,
          hint: "Bijvoorbeeld het besluit van de archivaris; komt in het auditlog.",
        }),
      ),
      h(
        "button",
        { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "retention-periods-save" },
        "Bewaartermijnen opslaan",
      ),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      const values = readForm(form);
      const years = (name: keyof RetentionPeriodsView) => Number(values[`retention_years_${name}`] ?? "0") || 0;
      try {
        const saved = await api.saveRetentionPeriods(
          {
            handled: years("handled"),
            compensation: years("compensation"),
            ombudsman: years("ombudsman"),
            not_handled: years("not_handled"),
            withdrawn: years("withdrawn"),
            forwarded: years("forwarded"),
          },
          values.reason ?? "",
        );
        render(saved);
        shell.notify("ok", "De bewaartermijnen zijn opgeslagen.");
      } catch (error) {
        shell.handleError(error, form);
      }
    });
    panel.replaceChildren(
      h("h2", { class: "utrecht-heading-2", id: "retention-periods-title" }, "Bewaartermijnen"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Hoe lang een afgesloten klacht bewaard blijft, gerekend vanaf de datum van afsluiten (Selectielijst gemeenten 2020, procestype 13). Nooit korter dan het jaar waarin de klager naar de ombudsman kan.",
      ),
      form,
    );
  };
  try {
    render(await api.retentionPeriods());
  } catch (error) {
    shell.handleError(error);
  }
  return panel;
}
