// The Overzicht screen: what is open and what is late, for the coördinator over every
// complaint and for a handler over their own. Every figure is a link to the worklist filtered
// on the complaints behind it. Only aggregate figures and the chart's names reach this screen.
import { api } from "./api";
import { h } from "./dom";
import type { DashboardView, WorklistFilterRequest, WorkloadView } from "./generated/ipc";
import { may, type Shell } from "./shell";

/** What a figure's link asks the worklist to show. */
export type WorklistLink = Partial<WorklistFilterRequest>;

/** The dashboard on screen, if any: a live update or the timer refreshes it. */
let shown: { holder: HTMLElement; open: (filter: WorklistLink) => void } | null = null;
let timer: number | undefined;

function percent(value: number | null): string {
  return value === null ? "–" : `${value.toFixed(1).replace(".", ",")} %`;
}

/** A figure that opens the worklist with `filter`; a zero is plain text (nothing to show). */
function figure(count: number, description: string, filter: WorklistLink, open: (filter: WorklistLink) => void, id?: string): HTMLElement {
  if (count === 0) return h("span", { class: "dashboard-zero", id, "data-count": "0" }, "0");
  const link = h(
    "button",
    {
      type: "button",
      class: "link-button",
      id,
      "data-count": String(count),
      "aria-label": `${count} ${description}: toon in de werkvoorraad`,
    },
    String(count),
  );
  link.addEventListener("click", () => open(filter));
  return link;
}

function tile(title: string, value: Node, note: string, id: string): HTMLElement {
  return h(
    "div",
    { class: "dashboard-tile", id },
    h("p", { class: "dashboard-tile__title" }, title),
    h("p", { class: "dashboard-tile__value" }, value),
    h("p", { class: "muted" }, note),
  );
}

function workloadTable(
  caption: string,
  column: string,
  rows: WorkloadView[],
  key: "handler_id" | "department_id",
  id: string,
  open: (filter: WorklistLink) => void,
): HTMLElement {
  return h(
    "table",
    { class: "worklist dashboard-table", id },
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, column),
        ...["Op de werkvoorraad", "Binnenkort", "Te laat"].map((text) => h("th", { scope: "col", class: "number" }, text)),
      ),
    ),
    h(
      "tbody",
      {},
      ...rows.map((row) =>
        h(
          "tr",
          { "data-id": row.id },
          h("th", { scope: "row" }, row.name),
          h("td", { class: "number" }, figure(row.open, `op de werkvoorraad bij ${row.name}`, { [key]: row.id }, open)),
          h("td", { class: "number" }, figure(row.due_soon, `binnenkort bij ${row.name}`, { [key]: row.id, due_soon_only: true }, open)),
          h(
            "td",
            { class: "number" + (row.overdue > 0 ? " dashboard-late" : "") },
            figure(row.overdue, `te laat bij ${row.name}`, { [key]: row.id, overdue_only: true }, open),
          ),
        ),
      ),
    ),
  );
}

function render(view: DashboardView, open: (filter: WorklistLink) => void): HTMLElement {
  const change = view.received_this_month - view.received_last_month;
  const trend = change === 0 ? "evenveel als" : change > 0 ? `${change} meer dan` : `${-change} minder dan`;
  return h(
    "div",
    { id: "dashboard", "data-today": view.today },
    h(
      "div",
      { class: "dashboard-tiles" },
      tile(
        "Op de werkvoorraad",
        figure(view.total.open, "op de werkvoorraad", {}, open, "dash-open"),
        view.own_only ? "uw klachten" : "alle klachten",
        "tile-open",
      ),
      tile(
        "Te laat",
        figure(view.total.overdue, "te laat", { overdue_only: true }, open, "dash-overdue"),
        "termijn verstreken",
        "tile-overdue",
      ),
      tile(
        "Binnenkort",
        figure(view.total.due_soon, "binnenkort", { due_soon_only: true }, open, "dash-due-soon"),
        `termijn ${view.due_soon_until}`,
        "tile-due-soon",
      ),
      tile(
        `Ontvangen in ${view.this_month}`,
        h("span", { id: "dash-received" }, String(view.received_this_month)),
        `${trend} in ${view.last_month} (${view.received_last_month})`,
        "tile-received",
      ),
      tile(
        `Op tijd beslist in ${view.year}`,
        h("span", { id: "dash-within-term" }, percent(view.within_term_percent)),
        view.decided === 0 ? "nog geen formele beslissingen" : `${view.within_term} van ${view.decided} formele beslissingen`,
        "tile-within-term",
      ),
    ),
    h(
      "table",
      { class: "worklist dashboard-table", id: "dash-status" },
      h("caption", {}, "Open klachten per status"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Status"), h("th", { scope: "col", class: "number" }, "Aantal"))),
      h(
        "tbody",
        {},
        ...view.by_status.map((row) =>
          h(
            "tr",
            { "data-status": row.code },
            h("th", { scope: "row" }, row.label),
            h("td", { class: "number" }, figure(row.count, `met status ${row.label}`, { status: row.code }, open)),
          ),
        ),
        view.closed_with_open_task > 0
          ? h(
              "tr",
              { "data-status": "closed-with-task" },
              h("th", { scope: "row" }, "Afgesloten, met een open taak"),
              h("td", { class: "number" }, String(view.closed_with_open_task)),
            )
          : null,
        view.by_status.length === 0 && view.closed_with_open_task === 0
          ? h("tr", {}, h("td", { colspan: "2", class: "muted" }, "Er staan geen klachten open."))
          : null,
      ),
    ),
    view.handlers.length > 0 ? workloadTable("Per behandelaar", "Behandelaar", view.handlers, "handler_id", "dash-handlers", open) : null,
    view.departments.length > 0
      ? workloadTable("Per afdeling", "Afdeling", view.departments, "department_id", "dash-departments", open)
      : null,
  );
}

async function fill(live: boolean): Promise<void> {
  const current = shown;
  if (!current || !current.holder.isConnected) return;
  const view = await api.dashboard(live);
  if (current.holder.isConnected) current.holder.replaceChildren(render(view, current.open));
}

/** Refreshes the dashboard if it is on screen (after a change, also from another desk). */
export async function refreshDashboard(): Promise<boolean> {
  if (!shown || !shown.holder.isConnected) return false;
  await fill(true);
  return true;
}

export async function showDashboard(shell: Shell, openWorklist: (filter: WorklistLink) => void): Promise<void> {
  const user = shell.user();
  const own = !may(user).all_complaints;
  const holder = h("div", { id: "dashboard-holder", "aria-live": "polite" }, h("p", { class: "muted" }, "Cijfers laden…"));
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, own ? "Mijn overzicht" : "Overzicht"),
      h("p", { class: "utrecht-paragraph" }, "Kies een getal om de klachten erachter in de werkvoorraad te zien."),
      holder,
    ),
  );
  shown = { holder, open: openWorklist };
  // Deadlines move into "binnenkort" and "te laat" as the day goes on, without any change.
  window.clearInterval(timer);
  timer = window.setInterval(
    () => {
      if (!shown?.holder.isConnected) return window.clearInterval(timer);
      void fill(true).catch(() => undefined);
    },
    5 * 60 * 1000,
  );
  try {
    await fill(false);
  } catch (error) {
    holder.replaceChildren();
    shell.handleError(error);
  }
}
