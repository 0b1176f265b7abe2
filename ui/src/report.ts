// The Klachtverslag screen (RP-01..05): the coördinator picks a year and sees every
// figure beside the two years before it, as tables and bar charts, and saves them as PDF, Excel or CSV.
// Only aggregate figures reach this screen (RP-03).
import { api } from "./api";
import { button, field, h, readForm } from "./dom";
import type { ReportSectionView, ReportView } from "./generated/ipc";
import type { Shell } from "./shell";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag: string, attributes: Record<string, string>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * A horizontal bar chart of one section: per row a bar per year (oldest lightest), scaled to
 * the largest figure. The table beside it holds the same numbers for screen readers and for
 * exact reading; the chart itself is one image with a summary as its name.
 */
function barChart(section: ReportSectionView, years: number[]): SVGElement {
  const barHeight = 14;
  const rowHeight = years.length * barHeight + 14;
  const labelWidth = 230;
  const chartWidth = 360;
  const height = section.rows.length * rowHeight + 24;
  const largest = Math.max(1, ...section.rows.flatMap((row) => row.values.map((value) => value ?? 0)));
  const current = years.length - 1;
  const summary = section.rows.map((row) => `${row.label}: ${row.texts[current] ?? ""}`).join("; ");
  const chart = svg("svg", {
    viewBox: `0 0 ${labelWidth + chartWidth + 60} ${height}`,
    role: "img",
    class: "report-chart",
    "aria-label": `${section.title} in ${years[current]}: ${summary}`,
  });
  section.rows.forEach((row, index) => {
    const top = index * rowHeight;
    chart.append(svg("text", { x: "0", y: String(top + barHeight + 2), class: "report-chart__label" }, row.label));
    row.values.forEach((value, column) => {
      const width = Math.round(((value ?? 0) / largest) * chartWidth);
      const y = top + column * barHeight;
      chart.append(
        svg("rect", {
          x: String(labelWidth),
          y: String(y),
          width: String(Math.max(width, 1)),
          height: String(barHeight - 3),
          class: `report-chart__bar report-chart__bar--${years.length - 1 - column}`,
        }),
      );
      chart.append(
        svg(
          "text",
          { x: String(labelWidth + width + 6), y: String(y + barHeight - 4), class: "report-chart__value" },
          row.texts[column] ?? "",
        ),
      );
    });
  });
  // The legend: which shade is which year.
  const legendTop = height - 10;
  years.forEach((year, column) => {
    const x = labelWidth + column * 90;
    chart.append(
      svg("rect", {
        x: String(x),
        y: String(legendTop - 9),
        width: "12",
        height: "10",
        class: `report-chart__bar report-chart__bar--${years.length - 1 - column}`,
      }),
    );
    chart.append(svg("text", { x: String(x + 16), y: String(legendTop), class: "report-chart__value" }, String(year)));
  });
  return chart;
}

function table(section: ReportSectionView, years: number[]): HTMLElement {
  return h(
    "table",
    { class: "worklist report-table", "data-section": section.id },
    h("caption", { class: "visually-hidden" }, section.title),
    h(
      "thead",
      {},
      h("tr", {}, h("th", { scope: "col" }, ""), ...years.map((year) => h("th", { scope: "col", class: "number" }, String(year)))),
    ),
    h(
      "tbody",
      {},
      ...section.rows.map((row) =>
        h("tr", {}, h("th", { scope: "row" }, row.label), ...row.texts.map((text) => h("td", { class: "number" }, text))),
      ),
    ),
  );
}

/** RP-04: the municipality's own texts, saved per year; they go into the PDF and the workbook. */
function textsForm(shell: Shell, report: ReportView, holder: HTMLElement): HTMLElement {
  const texts = report.texts;
  const form = h(
    "form",
    { id: "report-texts", class: "report-texts", novalidate: true },
    field("introduction", "Inleiding", { type: "textarea", value: texts.introduction, hint: "Staat in het verslag vóór de cijfers." }),
    field("lessons_learned", "Lessen uit de klachten", { type: "textarea", value: texts.lessons_learned }),
    field("measures", "Verbetermaatregelen", { type: "textarea", value: texts.measures }),
    field("follow_up", "Opvolging van eerdere maatregelen", { type: "textarea", value: texts.follow_up }),
    h("p", { class: "muted", id: "report-texts-saved" }, report.texts_saved ?? "Nog niet opgeslagen."),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "report-texts-save" }, "Toelichting opslaan"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = readForm(form);
    const save = form.querySelector<HTMLButtonElement>("#report-texts-save");
    if (save) save.disabled = true;
    try {
      const saved = await api.saveReportTexts(report.year, {
        introduction: values.introduction ?? "",
        lessons_learned: values.lessons_learned ?? "",
        measures: values.measures ?? "",
        follow_up: values.follow_up ?? "",
      });
      holder.replaceChildren(render(shell, saved, holder));
      shell.notify("ok", `De toelichting bij het klachtverslag ${report.year} is opgeslagen.`);
      holder.querySelector<HTMLElement>("#report-texts-saved")?.focus();
    } catch (error) {
      // What was typed stays in the form; the problems are shown at the fields.
      shell.handleError(error, form);
    } finally {
      if (save) save.disabled = false;
    }
  });
  return h(
    "section",
    { class: "report-section", "aria-labelledby": "report-texts-title" },
    h("h2", { class: "utrecht-heading-2", id: "report-texts-title" }, "Toelichting van de gemeente"),
    h(
      "p",
      { class: "utrecht-paragraph" },
      "Deze teksten komen in het PDF-verslag en in het Excel-bestand. Schrijf geen namen of andere gegevens van klagers of medewerkers.",
    ),
    form,
  );
}

function render(shell: Shell, report: ReportView, holder: HTMLElement): HTMLElement {
  const saved = h(
    "div",
    { id: "report", "data-year": String(report.year) },
    ...report.sections.map((section) =>
      h(
        "section",
        { class: section.chart ? "report-section with-chart" : "report-section", "aria-labelledby": `report-${section.id}` },
        h("h2", { class: "utrecht-heading-2", id: `report-${section.id}` }, section.title),
        table(section, report.years),
        section.chart ? h("figure", { class: "report-figure" }, barChart(section, report.years)) : null,
      ),
    ),
    textsForm(shell, report, holder),
  );
  saved.querySelector<HTMLElement>("#report-texts-saved")?.setAttribute("tabindex", "-1");
  return saved;
}

export async function showReport(shell: Shell, year = new Date().getFullYear()): Promise<void> {
  const thisYear = new Date().getFullYear();
  const years: Array<[string, string]> = Array.from({ length: 12 }, (_, index) => String(thisYear - index)).map((value) => [value, value]);
  const form = h(
    "form",
    { id: "report-form", class: "filters report-filters", novalidate: true },
    field("year", "Jaar van ontvangst", { type: "select", options: years, value: String(year) }),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "report-submit" }, "Tonen"),
    button("Opslaan als PDF", { id: "report-pdf" }, false),
    button("Opslaan als Excel", { id: "report-xlsx" }, false),
    button("Opslaan als CSV", { id: "report-csv" }, false),
  );
  const holder = h("div", { id: "report-holder", "aria-live": "polite" }, h("p", { class: "muted" }, "Cijfers laden…"));
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, "Klachtverslag"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Alle klachten die in het gekozen jaar zijn ontvangen, ook de informeel afgehandelde, naast de twee jaren ervoor (Awb 9:12a). Het verslag bevat geen namen en geen tekst uit klachten.",
      ),
      form,
      holder,
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void showReport(shell, Number(readForm(form).year ?? thisYear));
  });
  const save = (id: string, what: string, format: "pdf" | "xlsx" | "csv") => {
    const trigger = form.querySelector<HTMLButtonElement>(`#${id}`);
    trigger?.addEventListener("click", async () => {
      trigger.disabled = true;
      try {
        const saved = await api.exportAnnualReport(Number(readForm(form).year ?? year), format);
        shell.notify("ok", `${what} is opgeslagen in ${saved.path}${saved.opened ? " en geopend" : ""}.`);
      } catch (error) {
        shell.handleError(error);
      } finally {
        trigger.disabled = false;
      }
    });
  };
  save("report-pdf", "Het klachtverslag", "pdf");
  save("report-xlsx", "Het rekenblad", "xlsx");
  save("report-csv", "De cijfers", "csv");
  try {
    holder.replaceChildren(render(shell, await api.annualReport(year), holder));
  } catch (error) {
    holder.replaceChildren();
    shell.handleError(error);
  }
}
