// The Vernietiging screen (AVG-02): the coördinator proposes a list of the complaints past
// their retention term today; a second coördinator confirms it, keeping items off it with a
// reason, and their personal data, texts and letters are destroyed. Only references, classes
// and dates are shown here.
import { api } from "./api";
import { alertBox, button, h } from "./dom";
import type { DestructionListView, ExclusionRequest } from "./generated/ipc";
import type { Shell } from "./shell";

function listSection(
  shell: Shell,
  list: DestructionListView,
  reload: (done?: string) => Promise<void>,
  open: (reference: string) => void,
): HTMLElement {
  const confirming = list.may_confirm;
  const rows = list.items.map((item) => {
    const keep = h("input", {
      type: "checkbox",
      id: `keep-${item.reference}`,
      "data-keep": item.reference,
      "aria-label": `${item.reference} niet vernietigen`,
    });
    const reason = h("input", {
      type: "text",
      class: "utrecht-textbox",
      id: `reason-${item.reference}`,
      "data-reason": item.reference,
      "aria-label": `Reden om ${item.reference} niet te vernietigen`,
    });
    const reference =
      list.state === "uitgevoerd"
        ? (() => {
            const link = h("button", { type: "button", class: "link-button", "data-open": item.reference }, item.reference);
            link.addEventListener("click", () => open(item.reference));
            return link;
          })()
        : item.reference;
    return h(
      "tr",
      { "data-reference": item.reference },
      h("th", { scope: "row" }, reference),
      h("td", {}, item.class),
      h("td", {}, item.closed_on),
      h("td", {}, item.destroy_after),
      h(
        "td",
        {},
        item.excluded_reason
          ? `niet vernietigd: ${item.excluded_reason}`
          : confirming
            ? h("span", {}, keep, " ", reason)
            : list.state === "uitgevoerd"
              ? "vernietigd"
              : "",
      ),
    );
  });
  const result = h("div", { "aria-live": "polite", id: `destruction-result-${list.id}` });
  const actions: Node[] = [];
  if (confirming) {
    const confirm = button("Bevestigen en vernietigen", { id: `destruction-confirm-${list.id}` });
    confirm.addEventListener("click", async () => {
      const exclusions: ExclusionRequest[] = list.items
        .filter((item) => (document.getElementById(`keep-${item.reference}`) as HTMLInputElement | null)?.checked)
        .map((item) => ({
          reference: item.reference,
          reason: (document.getElementById(`reason-${item.reference}`) as HTMLInputElement | null)?.value ?? "",
        }));
      confirm.disabled = true;
      const total = list.items.length - exclusions.length;
      const bar = h("progress", {
        id: `destruction-progress-${list.id}`,
        max: String(Math.max(total, 1)),
        value: "0",
        "aria-labelledby": `destruction-progress-label-${list.id}`,
      });
      const label = h("p", { class: "muted", id: `destruction-progress-label-${list.id}` }, `Bezig: 0 van ${total} klachten vernietigd…`);
      result.replaceChildren(label, bar);
      try {
        const outcome = await api.confirmDestruction(list.id, exclusions, (progress) => {
          bar.max = Math.max(progress.total, 1);
          bar.value = progress.done;
          label.textContent = `Bezig: ${progress.done} van ${progress.total} klachten vernietigd…`;
        });
        await reload(`Klaar: ${outcome.destroyed.length} van ${total} klachten vernietigd.`);
        shell.notify(
          "ok",
          `Vernietigd: ${outcome.destroyed.length}; niet vernietigd: ${outcome.excluded.length + outcome.no_longer_due.length}.`,
        );
      } catch (error) {
        result.replaceChildren();
        shell.handleError(error);
      } finally {
        confirm.disabled = false;
      }
    });
    actions.push(
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Vink aan wat niet vernietigd mag worden en geef de reden. De rest wordt definitief vernietigd: gegevens van de klager, alle teksten, brieven en concepten. Wat het klachtverslag telt, blijft.",
      ),
      confirm,
    );
  } else if (list.state === "voorgesteld") {
    actions.push(
      h(
        "p",
        { class: "utrecht-paragraph", id: `destruction-four-eyes-${list.id}` },
        "U stelde deze lijst voor. Een andere klachtcoördinator bevestigt haar (vier ogen).",
      ),
    );
  }
  return h(
    "section",
    { class: "panel", id: `destruction-list-${list.id}`, "data-state": list.state },
    h(
      "h2",
      { class: "utrecht-heading-2" },
      `${list.request_reason ? "Wissen op verzoek" : "Lijst"} ${list.id} van ${list.as_of}: ${list.state}`,
    ),
    list.request_reason ? h("p", { class: "utrecht-paragraph" }, `Reden (AVG artikel 17): ${list.request_reason}`) : null,
    h("p", { class: "muted" }, `Voorgesteld door ${list.proposed_by}${list.confirmed_by ? `, bevestigd door ${list.confirmed_by}` : ""}.`),
    h(
      "table",
      { class: "worklist" },
      h(
        "thead",
        {},
        h("tr", {}, ...["Kenmerk", "Selectielijst", "Afgesloten", "Bewaren tot en met", ""].map((text) => h("th", { scope: "col" }, text))),
      ),
      h("tbody", {}, ...rows),
    ),
    ...actions,
    result,
  );
}

export async function showDestruction(shell: Shell, open: (reference: string) => void, done?: string): Promise<void> {
  const reload = (finished?: string) => showDestruction(shell, open, finished);
  let lists: DestructionListView[];
  try {
    lists = await api.destructionLists();
  } catch (error) {
    shell.handleError(error);
    return;
  }
  const propose = button("Vernietigingslijst voorstellen", { id: "destruction-propose" });
  propose.addEventListener("click", async () => {
    propose.disabled = true;
    try {
      const list = await api.proposeDestruction();
      await reload();
      shell.notify(
        "ok",
        `Lijst ${list.id} met ${list.items.length === 1 ? "1 klacht" : `${list.items.length} klachten`} is voorgesteld. Een andere klachtcoördinator bevestigt haar.`,
      );
    } catch (error) {
      shell.handleError(error);
    } finally {
      propose.disabled = false;
    }
  });
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, "Vernietiging"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Klachten waarvan de bewaartermijn voorbij is (Selectielijst gemeenten 2020, procestype 13), worden vernietigd met vier ogen: de één stelt de lijst voor, een ander bevestigt haar. Van een vernietigde klacht blijven het kenmerk, de datums, de soort, de afdeling en de uitkomst (voor het klachtverslag) en een vernietigingsverklaring.",
      ),
      done ? h("p", { class: "utrecht-paragraph", id: "destruction-done", role: "status" }, done) : null,
      h("div", { class: "utrecht-button-group" }, propose),
      lists.length === 0 ? alertBox("info", "Er zijn nog geen vernietigingslijsten.") : null,
    ),
    ...lists.map((list) => listSection(shell, list, reload, open)),
  );
}
