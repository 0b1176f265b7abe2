// The Inzageverzoeken screen (AVG-03, art. 15), for the klachtcoördinator: register a request
// (who asked, how their identity was checked, when), watch its answer term, extend it once with
// a reason, find the person's complaints (exact and similar matches; the coördinator ticks
// what is theirs), read the answer before sending, answer and close. Also the open requests'
// terms above the worklist.
import { api } from "./api";
import { alertBox, button, clearFieldErrors, field, h, isoToday, readForm, rowButton } from "./dom";
import type { AccessRequestView, AccessRequestsView, PersonMatchView, SavedFile } from "./generated/ipc";
import type { Shell } from "./shell";

function lightBadge(request: AccessRequestView): HTMLElement {
  return request.light
    ? h("span", { class: `light light--${request.light}`, "data-light": request.light }, request.light_label ?? "")
    : h("span", { class: "muted" }, "beantwoord");
}

function savedMessage(saved: SavedFile, what: string): string {
  return saved.opened ? `${what} is geopend in de PDF-viewer.` : `${what} staat in ${saved.path}.`;
}

function registerForm(shell: Shell, view: AccessRequestsView, reload: (selected?: string) => Promise<void>): HTMLElement {
  const form = h(
    "form",
    { id: "access-register", novalidate: true },
    h(
      "div",
      { class: "form-grid" },
      field("requester", "Naam van wie om inzage vraagt", { required: true, hint: "Zo wordt het antwoord geadresseerd." }),
      field("received_on", "Ontvangen op", { type: "date", required: true, value: isoToday() }),
      field("address", "Adres voor het antwoord", { type: "textarea", hint: "Straat en huisnummer, postcode en woonplaats." }),
      field("identity_check", "Hoe is de identiteit vastgesteld?", {
        type: "select",
        required: true,
        options: [["", "Kies…"], ...view.identity_checks.map((c): [string, string] => [c.code, c.label])],
      }),
      field("identity_note", "Toelichting op de controle", {
        hint: "Bijvoorbeeld welk document. Noteer geen documentnummer: dat is niet nodig.",
      }),
    ),
    h(
      "button",
      { type: "submit", class: "utrecht-button utrecht-button--primary-action", id: "access-register-save" },
      "Verzoek registreren",
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const values = readForm(form);
    try {
      const request = await api.registerAccessRequest({
        requester: values.requester ?? "",
        address: values.address ?? "",
        identity_check: values.identity_check ?? "",
        identity_note: values.identity_note ?? "",
        received_on: values.received_on ?? "",
      });
      await reload(request.number);
      shell.notify("ok", `Inzageverzoek ${request.number} is geregistreerd. Beantwoorden uiterlijk ${request.due_on}.`);
    } catch (error) {
      shell.handleError(error, form);
    }
  });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "access-register-title" },
    h(
      "details",
      { open: view.requests.length === 0 },
      h("summary", { id: "access-register-title" }, h("strong", {}, "Nieuw inzageverzoek registreren")),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Stel eerst vast dat het verzoek van de persoon zelf komt (of van diens gemachtigde): een antwoord aan de verkeerde persoon is een datalek. De termijn is een maand na ontvangst.",
      ),
      form,
    ),
  );
}

function requestsTable(view: AccessRequestsView, select: (number: string) => void): HTMLElement {
  if (view.requests.length === 0) return alertBox("info", "Er zijn nog geen inzageverzoeken.");
  return h(
    "table",
    { class: "worklist", id: "access-requests" },
    h("caption", { class: "muted" }, "Open verzoeken eerst, eerstvolgende termijn bovenaan"),
    h(
      "thead",
      {},
      h("tr", {}, ...["Nummer", "Van", "Ontvangen", "Beantwoorden uiterlijk", "Stand", ""].map((text) => h("th", { scope: "col" }, text))),
    ),
    h(
      "tbody",
      {},
      ...view.requests.map((request) => {
        const open = rowButton("Openen", `inzageverzoek ${request.number}`, { "data-open": request.number });
        open.addEventListener("click", () => select(request.number));
        return h(
          "tr",
          { "data-number": request.number },
          h("th", { scope: "row" }, request.number),
          h("td", {}, request.requester),
          h("td", {}, request.received_on),
          h("td", {}, request.answered_on ? "" : request.due_on, request.extended_on ? h("div", { class: "muted" }, "verlengd") : null),
          h("td", {}, lightBadge(request), request.answered_on ? h("div", { class: "muted" }, request.answered_on) : null),
          h("td", {}, open),
        );
      }),
    ),
  );
}

/** The person's complaints, found by what they gave; the coördinator ticks which are theirs. */
function searchSection(shell: Shell, request: AccessRequestView, chosen: Set<string>): HTMLElement {
  const results = h("div", { id: "access-matches", "aria-live": "polite" });
  const form = h(
    "form",
    { id: "access-search", class: "inline-form", role: "search", novalidate: true },
    field("query", "Zoeken op naam, adres, postcode, telefoon of e-mail", { value: request.requester }),
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "access-search-submit" }, "Zoeken"),
  );
  const render = (matches: PersonMatchView[]) => {
    if (matches.length === 0) {
      results.replaceChildren(
        alertBox(
          "info",
          "Niets gevonden. Zoek ook op adres, telefoonnummer of e-mailadres; vindt u niets, dan zegt het antwoord dat er geen gegevens zijn.",
        ),
      );
      return;
    }
    results.replaceChildren(
      h(
        "table",
        { class: "worklist" },
        h(
          "caption",
          { class: "muted" },
          "Vink aan welke klachten over deze persoon gaan. Exact: een gegeven is precies gelijk aan wat u zocht.",
        ),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["Van deze persoon", "Kenmerk", "Klager", "Ontvangen", "Gevonden in"].map((text) => h("th", { scope: "col" }, text)),
          ),
        ),
        h(
          "tbody",
          {},
          ...matches.map((match) => {
            const box = h("input", {
              type: "checkbox",
              id: `pick-${match.reference}`,
              "data-pick": match.reference,
              checked: chosen.has(match.reference),
            });
            box.addEventListener("change", () => {
              if (box.checked) chosen.add(match.reference);
              else chosen.delete(match.reference);
            });
            return h(
              "tr",
              { "data-reference": match.reference },
              h(
                "td",
                {},
                h(
                  "label",
                  { class: "checkbox", for: `pick-${match.reference}` },
                  box,
                  h("span", { class: "visually-hidden" }, `${match.reference} is van deze persoon`),
                ),
              ),
              h("th", { scope: "row" }, match.reference),
              h("td", {}, match.complainant_name),
              h("td", {}, match.received_on),
              h("td", {}, `${match.matched_on.join(", ")}${match.exact ? " (exact)" : ""}`),
            );
          }),
        ),
      ),
    );
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      render(await api.findPerson(readForm(form).query ?? ""));
    } catch (error) {
      shell.handleError(error, form);
    }
  });
  return h("div", {}, form, results);
}

function requestPanel(shell: Shell, request: AccessRequestView, reload: (selected?: string) => Promise<void>): HTMLElement {
  const facts = h(
    "dl",
    { class: "facts" },
    h("dt", {}, "Van"),
    h("dd", {}, request.requester),
    request.address ? h("dt", {}, "Adres voor het antwoord") : null,
    request.address ? h("dd", { class: "pre-wrap" }, request.address) : null,
    h("dt", {}, "Identiteit"),
    h("dd", {}, request.identity_note ? `${request.identity_check} (${request.identity_note})` : request.identity_check),
    h("dt", {}, "Ontvangen"),
    h("dd", {}, request.received_on),
    h("dt", {}, "Beantwoorden uiterlijk"),
    h("dd", { id: "access-term" }, request.due_on, " ", lightBadge(request)),
    request.extended_on ? h("dt", {}, "Verlengd") : null,
    request.extended_on ? h("dd", { id: "access-extension" }, `op ${request.extended_on}: ${request.extension_reason ?? ""}`) : null,
    request.answered_on ? h("dt", {}, "Beantwoord") : null,
    request.answered_on
      ? h(
          "dd",
          { id: "access-answered" },
          `op ${request.answered_on} door ${request.answered_by ?? ""}, over ${request.answer_references.length === 0 ? "geen klachten" : request.answer_references.join(", ")}`,
        )
      : null,
  );
  const parts: Node[] = [h("h2", { class: "utrecht-heading-2", id: "access-request-title" }, `Inzageverzoek ${request.number}`), facts];
  if (request.answered_on) {
    const reopen = button("Antwoord openen", { id: "access-answer-open" });
    reopen.addEventListener("click", async () => {
      try {
        shell.notify("ok", savedMessage(await api.openAccessAnswer(request.number), "Het antwoord zoals het is verstuurd"));
      } catch (error) {
        shell.handleError(error);
      }
    });
    parts.push(h("div", { class: "utrecht-button-group" }, reopen));
  } else {
    const chosen = new Set<string>();
    parts.push(h("h3", { class: "utrecht-heading-3" }, "Gegevens van deze persoon zoeken"), searchSection(shell, request, chosen));
    const preview = button("Voorbeeld bekijken", { id: "access-preview" }, false);
    preview.addEventListener("click", async () => {
      try {
        shell.notify("ok", savedMessage(await api.previewAccessAnswer(request.number, [...chosen]), "Het voorbeeld"));
      } catch (error) {
        shell.handleError(error);
      }
    });
    // Answering cannot be undone: a second, explicit step in the page (not a native dialog,
    // which screen readers and keyboard users handle poorly) says what will be sent.
    const answer = button("Beantwoorden en afsluiten…", { id: "access-answer" });
    const confirmation = h("div", {
      id: "access-answer-confirm",
      role: "group",
      "aria-labelledby": "access-answer-question",
      hidden: true,
    });
    answer.addEventListener("click", () => {
      const what =
        chosen.size === 0
          ? "zonder klachten: er is niets over deze persoon gevonden"
          : `over ${chosen.size === 1 ? "1 klacht" : `${chosen.size} klachten`} (${[...chosen].sort().join(", ")})`;
      const yes = button("Ja, beantwoorden en afsluiten", { id: "access-answer-yes" });
      const no = button("Annuleren", { id: "access-answer-no" }, false);
      no.addEventListener("click", () => {
        confirmation.hidden = true;
        answer.focus();
      });
      yes.addEventListener("click", async () => {
        yes.disabled = true;
        try {
          const saved = await api.answerAccessRequest(request.number, [...chosen]);
          await reload(request.number);
          shell.notify("ok", `Inzageverzoek ${request.number} is beantwoord en afgesloten. ${savedMessage(saved, "Het antwoord")}`);
        } catch (error) {
          yes.disabled = false;
          shell.handleError(error);
        }
      });
      confirmation.replaceChildren(
        h(
          "p",
          { class: "utrecht-paragraph", id: "access-answer-question" },
          `Inzageverzoek ${request.number} beantwoorden ${what}? Het antwoord wordt bewaard zoals het is verstuurd en het verzoek wordt afgesloten.`,
        ),
        h("div", { class: "utrecht-button-group" }, yes, no),
      );
      confirmation.hidden = false;
      yes.focus();
    });
    parts.push(
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Het antwoord bevat de gegevens van deze persoon in de aangevinkte klachten, de brieven aan hem of haar, aan wie gegevens zijn verstrekt en de informatie van artikel 15. Namen van medewerkers en van anderen staan er niet in.",
      ),
      h("div", { class: "utrecht-button-group" }, preview, answer),
      confirmation,
    );
    if (request.extension_problem) {
      parts.push(h("p", { class: "muted", id: "access-extension-problem" }, `Verlengen: ${request.extension_problem}`));
    } else {
      const form = h(
        "form",
        { id: "access-extend", novalidate: true },
        field("reason", "Reden van de verlenging", {
          type: "textarea",
          required: true,
          hint: "Deze reden krijgt de persoon binnen de eerste maand te horen (AVG artikel 12 lid 3).",
        }),
        h(
          "button",
          { type: "submit", class: "utrecht-button utrecht-button--secondary-action", id: "access-extend-save" },
          "Termijn met twee maanden verlengen",
        ),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        clearFieldErrors(form);
        try {
          const extended = await api.extendAccessRequest(request.number, readForm(form).reason ?? "");
          await reload(request.number);
          shell.notify("ok", `De termijn is verlengd tot en met ${extended.due_on}. Laat de persoon dit met de reden weten.`);
        } catch (error) {
          shell.handleError(error, form);
        }
      });
      parts.push(h("details", { id: "access-extend-details" }, h("summary", {}, h("strong", {}, "Termijn verlengen (één keer)")), form));
    }
  }
  return h(
    "section",
    { class: "panel", id: "access-request", "data-number": request.number, "aria-labelledby": "access-request-title" },
    ...parts,
  );
}

export async function showAccessRequests(shell: Shell, selected?: string): Promise<void> {
  const reload = (number?: string) => showAccessRequests(shell, number);
  let view: AccessRequestsView;
  try {
    view = await api.accessRequests(false);
  } catch (error) {
    shell.handleError(error);
    return;
  }
  const request = view.requests.find((r) => r.number === selected);
  shell.show(
    h(
      "section",
      { class: "panel" },
      h("h1", { class: "utrecht-heading-1" }, "Inzageverzoeken"),
      h(
        "p",
        { class: "utrecht-paragraph" },
        "Een inwoner mag weten welke persoonsgegevens de gemeente over hem of haar heeft (AVG artikel 15). Het antwoord moet binnen een maand; die termijn kan één keer met twee maanden worden verlengd, als de persoon binnen de eerste maand hoort waarom.",
      ),
      requestsTable(view, (number) => void reload(number)),
    ),
    request ? requestPanel(shell, request, reload) : registerForm(shell, view, reload),
  );
  if (request) document.getElementById("access-request-title")?.setAttribute("tabindex", "-1");
  if (request) document.getElementById("access-request-title")?.focus();
}

/** Above the worklist: the open requests' answer terms, with the worklist's lights. */
export async function fillAccessRequestsDue(holder: HTMLElement, open: (number: string) => void): Promise<void> {
  let view: AccessRequestsView;
  try {
    view = await api.accessRequests(true);
  } catch {
    holder.replaceChildren();
    return;
  }
  const pending = view.requests; // the open ones only (asked above)
  if (pending.length === 0) {
    holder.replaceChildren();
    return;
  }
  holder.replaceChildren(
    h(
      "section",
      { class: "panel", "aria-labelledby": "access-due-title" },
      h("h2", { class: "utrecht-heading-2", id: "access-due-title" }, `Inzageverzoeken (${pending.length})`),
      h(
        "ul",
        { class: "plain-list" },
        ...pending.map((request) => {
          const link = h(
            "button",
            { type: "button", class: "link-button", "data-access": request.number },
            `${request.number}: beantwoorden uiterlijk ${request.due_on}`,
          );
          link.addEventListener("click", () => open(request.number));
          return h("li", {}, h("span", { class: `light light--${request.light ?? "on_track"}` }, request.light_label ?? ""), " ", link);
        }),
      ),
    ),
  );
}
