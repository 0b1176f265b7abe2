// The "Over Klachtbalie" screen: the version, and the licences of the Rust crates,
// npm packages and fonts the program bundles. The list comes from Rust (generated from cargo
// metadata and the packages' own files); nothing here is typed by hand.
import { api } from "./api";
import { h } from "./dom";
import type { AboutView, LicenceView } from "./generated/ipc";
import type { Shell } from "./shell";

const KINDS: Array<[string, string]> = [
  ["Rust", "Rust-bibliotheken"],
  ["npm", "Onderdelen van het venster (npm)"],
  ["lettertype", "Lettertypen in de PDF's"],
];

function licenceTable(rows: LicenceView[], id: string): HTMLElement {
  return h(
    "table",
    { class: "worklist", id },
    h("thead", {}, h("tr", {}, ...["Naam", "Versie", "Licentie", "In de versie voor"].map((text) => h("th", { scope: "col" }, text)))),
    h(
      "tbody",
      {},
      ...rows.map((row) =>
        h("tr", {}, h("td", {}, row.name), h("td", {}, row.version), h("td", {}, row.licence), h("td", {}, row.platforms)),
      ),
    ),
  );
}

export async function showAbout(shell: Shell): Promise<void> {
  let about: AboutView;
  try {
    about = await api.about();
  } catch (error) {
    shell.handleError(error);
    return;
  }
  shell.show(
    h(
      "section",
      { class: "panel", id: "about" },
      h("h1", { class: "utrecht-heading-1" }, "Over Klachtbalie"),
      h(
        "p",
        { class: "utrecht-paragraph", id: "about-version" },
        `Klachtbalie versie ${about.version}, uitgegeven onder de ${about.licence}.`,
      ),
      h(
        "p",
        { class: "utrecht-paragraph" },
        `Klachtbalie bevat onderdelen van anderen. Hieronder staan ze allemaal, met hun licentie en de versies van Klachtbalie (${about.platforms}) waarin ze zitten.`,
      ),
      ...KINDS.map(([kind, title]) => {
        const rows = about.licences.filter((licence) => licence.kind === kind);
        return h(
          "details",
          { class: "about-kind", "data-kind": kind },
          h("summary", {}, h("strong", {}, `${title} (${rows.length})`)),
          licenceTable(rows, `licences-${kind}`),
        );
      }),
    ),
  );
}
