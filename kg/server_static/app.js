// The drugkg query page: YASGUI (vendored, see vendor/yasgui/VENDORED.json) set up for this
// server. It talks only to this server: the endpoint is fixed to /sparql, completion comes
// from /config.json (prefixes, the ontology's terms) and /terms (the store's entities), not
// from prefix.cc or LOV, and labels from /labels. Result cells are built from escaped text,
// never from the graph's text as markup. The URL follows the editor; a query in the URL
// (?query=...) fills the editor and waits for Run, also when Back brings it.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const Yasgui = window.Yasgui;
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;
  const ENDPOINT = window.location.origin + "/sparql";
  const ACCEPT = "application/sparql-results+json";
  const PLAIN = /^http:\/\/www\.w3\.org\/2001\/XMLSchema#(string|boolean)$/;
  const NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger)$/;
  const DEFAULT_QUERY = [
    "SELECT ?drug ?condition ?confidence WHERE {",
    "  ?fact a dkg:Fact ; rdf:subject ?drug ; rdf:predicate dkg:treats ;",
    "        rdf:object ?condition ; dkg:confidence ?confidence .",
    "}",
    "ORDER BY DESC(?confidence)",
  ].join("\n");
  let config = { prefixes: {}, entities: [], resource: "", examples: [], terms: {} };
  const labels = new Map();  // IRI -> label, filled from /labels

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"'`=]/g, (c) => "&#" + c.charCodeAt(0) + ";");
  }

  function shortName(iri) {
    let best = null;
    for (const [prefix, ns] of Object.entries(config.prefixes)) {
      if (iri.startsWith(ns) && (best === null || ns.length > best[1].length)) best = [prefix, ns];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : "<" + iri + ">";
  }

  function iriHref(iri) {
    if (config.entities.some((ns) => iri.startsWith(ns))) {
      return "/graph?focus=" + encodeURIComponent(iri);
    }
    if (config.resource && iri.startsWith(config.resource)) {
      return "/?query=" + encodeURIComponent("DESCRIBE <" + iri + ">");
    }
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  // -- labels ---------------------------------------------------------------------------

  async function fetchLabels(results) {
    const wanted = new Set();
    for (const row of results) {
      for (const term of Object.values(row)) {
        if (term && term.type === "uri" && !labels.has(term.value)) wanted.add(term.value);
      }
    }
    const iris = Array.from(wanted).slice(0, 1000);
    if (!iris.length) return;
    try {
      const response = await fetch("/labels", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(iris),
      });
      if (!response.ok) return;
      const found = await response.json();
      for (const iri of iris) labels.set(iri, Object.hasOwn(found, iri) ? found[iri] : "");
    } catch (error) {
      console.warn("labels:", error);
    }
  }

  function bindingsOf(yasr) {
    return (yasr.results && yasr.results.getBindings && yasr.results.getBindings()) || [];
  }

  // -- the result table: escaped cells, labels beside IRIs, sorting by what is shown ----

  function cellHtml(term) {
    if (term.type === "uri") {
      const href = iriHref(term.value);
      const name = escapeHtml(shortName(term.value));
      const title = escapeHtml(term.value);
      const label = labels.get(term.value);
      const entity = href && href.startsWith("/graph") ? " entity" : "";
      const outside = href && !href.startsWith("/") ? " target='_blank' rel='noopener noreferrer'" : "";
      const link = href
        ? `<a class='iri${entity}' href='${escapeHtml(href)}' title='${title}'${outside}>${name}</a>`
        : `<span class='iri' title='${title}'>${name}</span>`;
      const shown = label ? ` <span class='label'>${escapeHtml(label)}</span>` : "";
      return `<div>${link}${shown}</div>`;
    }
    if (term.type === "literal") {
      let tag = "";
      if (term["xml:lang"]) tag = "@" + term["xml:lang"];
      else if (term.datatype && !NUMERIC.test(term.datatype) && !PLAIN.test(term.datatype)) {
        tag = shortName(term.datatype);
      }
      const suffix = tag ? `<span class='datatype'>${escapeHtml(tag)}</span>` : "";
      return `<div><span class='literal'>${escapeHtml(term.value)}</span>${suffix}</div>`;
    }
    if (term.type === "bnode") return `<div>${escapeHtml("_:" + term.value)}</div>`;
    return `<div>${escapeHtml(JSON.stringify(term.value))}</div>`;
  }

  function sortValue(term) {
    if (term.type === "literal" && term.datatype && NUMERIC.test(term.datatype)) {
      const number = Number(term.value);
      if (!Number.isNaN(number)) return number;
    }
    if (term.type === "uri") return (labels.get(term.value) || shortName(term.value)).toLowerCase();
    return String(term.value).toLowerCase();
  }

  class LabelledTable extends Yasr.plugins.table {
    async draw(persistentConfig) {
      await fetchLabels(bindingsOf(this.yasr));
      return super.draw(persistentConfig);
    }

    getCellContent(binding) {
      return cellHtml(binding);
    }

    getColumns() {
      const columns = super.getColumns();
      for (const column of columns.slice(1)) {
        column.render = (data, type) => {
          if (data === "") return "";
          if (type === "display") return cellHtml(data);
          if (type === "filter") {
            return [labels.get(data.value) || "", shortName(String(data.value)), data.value].join(" ");
          }
          if (type === "sort" || type === "type") return sortValue(data);
          return data.value;
        };
      }
      return columns;
    }
  }

  // -- a bar chart of the first numeric column, by the first other column -------------

  const SVG = "http://www.w3.org/2000/svg";

  function chartColumns(yasr) {
    const rows = bindingsOf(yasr);
    const vars = (yasr.results && yasr.results.getVariables && yasr.results.getVariables()) || [];
    const isNumber = (v) => rows.length > 0 && rows.every((r) => r[v] && sortValue(r[v]) === Number(r[v].value));
    const value = vars.find(isNumber);
    const key = vars.find((v) => v !== value);
    return value && key ? { key: key, value: value, rows: rows } : null;
  }

  class Chart {
    constructor(yasr) {
      this.yasr = yasr;
      this.label = "Chart";
      this.priority = 1;
    }

    canHandleResults() {
      const found = chartColumns(this.yasr);
      return !!found && found.rows.length <= 500;
    }

    getIcon() {
      const icon = el("span", { class: "chart-icon", "aria-hidden": "true" }, "▮▮");
      return icon;
    }

    async draw() {
      const { key, value, rows } = chartColumns(this.yasr);
      await fetchLabels(rows);
      const data = rows.map((r) => ({
        name: r[key] ? (r[key].type === "uri" ? labels.get(r[key].value) || shortName(r[key].value) : r[key].value) : "",
        value: Number(r[value].value),
      }));
      const max = Math.max(...data.map((d) => d.value), 0) || 1;
      const bar = 18;
      const width = 760;
      const left = 260;
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("class", "drugkg-chart");
      svg.setAttribute("viewBox", `0 0 ${width} ${data.length * bar + 24}`);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", `${value} by ${key}`);
      data.forEach((d, i) => {
        const y = i * bar + 4;
        const name = document.createElementNS(SVG, "text");
        name.setAttribute("x", String(left - 6));
        name.setAttribute("y", String(y + 13));
        name.setAttribute("text-anchor", "end");
        name.textContent = d.name.length > 40 ? d.name.slice(0, 39) + "…" : d.name;
        const rect = document.createElementNS(SVG, "rect");
        rect.setAttribute("x", String(left));
        rect.setAttribute("y", String(y + 2));
        rect.setAttribute("height", String(bar - 5));
        rect.setAttribute("width", String(Math.max(0, (d.value / max) * (width - left - 70))));
        const amount = document.createElementNS(SVG, "text");
        amount.setAttribute("x", String(left + Math.max(0, (d.value / max) * (width - left - 70)) + 4));
        amount.setAttribute("y", String(y + 13));
        amount.textContent = String(d.value);
        svg.append(name, rect, amount);
      });
      const box = el("div", { class: "chart-box" });
      box.appendChild(el("p", { class: "chart-title" }, `${value} by ${key}`));
      box.appendChild(svg);
      this.yasr.resultsEl.appendChild(box);
    }
  }

  // -- completion: prefixes, the ontology's classes and properties, the store's entities

  function prefixedToken(token) {
    const text = token.string.replace(/^</, "").replace(/>$/, "");
    const colon = text.indexOf(":");
    const prefix = colon > 0 ? text.slice(0, colon) : "";
    if (!text.includes("//") && Object.hasOwn(config.prefixes, prefix)) {
      token.tokenPrefix = prefix + ":";
      token.tokenPrefixUri = config.prefixes[prefix];
      token.autocompletionString = config.prefixes[prefix] + text.slice(colon + 1);
    } else {
      token.tokenPrefix = undefined;
      token.autocompletionString = text;
    }
    return token;
  }

  function unprefix(_yasqe, token, suggestion) {
    if (token.tokenPrefix && suggestion.startsWith(token.tokenPrefixUri)) {
      return token.tokenPrefix + suggestion.slice(token.tokenPrefixUri.length);
    }
    return "<" + suggestion + ">";
  }

  function setUpCompletion() {
    Yasqe.forkAutocompleter("prefixes", {
      name: "prefixes",
      persistenceId: null,
      get: () => Object.entries(config.prefixes).map(([p, ns]) => `${p}: <${ns}>`).sort(),
    });
    for (const [name, kind] of [["property", "properties"], ["class", "classes"]]) {
      Yasqe.forkAutocompleter(name, {
        name: name,
        bulk: true,
        persistenceId: null,
        get: () => config.terms[kind] || [],
        preProcessToken: (_yasqe, token) => prefixedToken(token),
        postProcessSuggestion: unprefix,
      });
    }
    const entityPrefixes = Object.entries(config.prefixes)
      .filter(([, ns]) => config.entities.includes(ns)).map(([p]) => p + ":");
    Yasqe.forkAutocompleter("property", {
      name: "entity",
      bulk: false,
      autoShow: true,
      persistenceId: null,
      isValidCompletionPosition: (yasqe) => {
        const text = yasqe.getCompleteToken().string;
        return entityPrefixes.some((p) => text.startsWith(p) && text.length > p.length);
      },
      get: async (_yasqe, token) => {
        const response = await fetch("/terms?" + new URLSearchParams({ start: token.autocompletionString }));
        return response.ok ? (await response.json()).map((t) => t.iri) : [];
      },
      preProcessToken: (_yasqe, token) => prefixedToken(token),
      postProcessSuggestion: unprefix,
    });
    Yasqe.defaults.autocompleters = ["prefixes", "variables", "property", "class", "entity"];
    Yasqe.defaults.editorHeight = "220px";  // tabs pass no height of their own until resized
  }

  // The server declares its prefixes itself: the editor's syntax check knows them too, so
  // dkg:treats without a PREFIX line is not marked as an error.
  function knowServerPrefixes() {
    const original = Yasqe.modes && Yasqe.modes.sparql11;
    if (!original || !Yasqe.defineMode) return;
    Yasqe.defineMode("sparql11", function (cmConfig, modeConfig) {
      const mode = original(cmConfig, modeConfig);
      const startState = mode.startState;
      mode.startState = function () {
        const state = startState.apply(this, arguments);
        Object.assign(state.prefixes, config.prefixes);
        return state;
      };
      return mode;
    });
  }

  // -- permalinks: the URL holds the query; a linked query waits for Run -----------------

  function linkTo(query) {
    return "/?" + new URLSearchParams({ query: query }).toString();
  }

  function showLink(query) {
    const link = linkTo(query);
    $("permalink").setAttribute("href", link);
    if (window.location.pathname + window.location.search === link) return;
    if (window.history.state && window.history.state.ran) {
      window.history.pushState(null, "", link);  // keep the query that ran a step back
    } else {
      window.history.replaceState(null, "", link);
    }
  }

  let drawn = 0;  // results drawn so far, in data-drawn: what tests and screenshots wait for

  function watch(tab) {
    const yasqe = tab.getYasqe();
    if (!yasqe || yasqe.drugkgWatched) return;
    yasqe.drugkgWatched = true;
    tab.getYasr().on("drawn", () => { drawn += 1; document.body.dataset.drawn = String(drawn); });
    yasqe.on("change", () => { showLink(yasqe.getValue()); $("linked").hidden = true; });
    // Each run is a step of the browser's history: Back brings the query run before it
    // back into the editor (without running it).
    yasqe.on("query", () => window.history.replaceState({ ran: true }, "", linkTo(yasqe.getValue())));
    yasqe.on("queryResponse", (_y, response) => {
      const header = response && response.header ? response.header["x-drugkg-truncated"] : null;
      $("notice").hidden = !header;
      if (header) {
        $("notice").textContent = "Only the first " + response.header["x-drugkg-row-limit"] +
          " results are shown: the server's row limit.";
      }
    });
  }

  // -- named queries: their forms, results in a table of their own ---------------------

  function namedForm(query, namedYasr) {
    const box = el("details", { "data-name": query.name });
    box.appendChild(el("summary", {}, query.name));
    box.appendChild(el("p", { class: "description" }, query.description));
    const inputs = {};
    for (const param of query.params) {
      const label = el("label", {}, param.name + (param.required ? "" : " (optional)"));
      const input = el("input", { name: param.name, placeholder: param.help || param.kind });
      if (param.required) input.required = true;
      label.appendChild(input);
      box.appendChild(label);
      inputs[param.name] = input;
    }
    const button = el("button", { type: "button" }, "Run " + query.name);
    button.addEventListener("click", async () => {
      const params = new URLSearchParams();
      for (const [name, input] of Object.entries(inputs)) {
        if (input.value.trim()) params.set(name, input.value.trim());
      }
      const url = query.url + (params.toString() ? "?" + params.toString() : "");
      const status = $("named-status");
      $("named-results").hidden = false;
      status.textContent = "running " + query.name + "…";
      const started = performance.now();
      try {
        const response = await fetch(url, { headers: { "Accept": ACCEPT } });
        const text = await response.text();
        const elapsed = Math.round(performance.now() - started);
        if (response.ok) {
          namedYasr.setResponse({ data: text, contentType: ACCEPT, status: 200 }, elapsed);
          const rows = JSON.parse(text).results.bindings.length;
          status.textContent = query.name + ": " + rows + " row" + (rows === 1 ? "" : "s") + " in " + elapsed + " ms";
        } else {
          namedYasr.setResponse({ error: { status: response.status, text: text.trim() } }, elapsed);
          status.textContent = query.name + " failed: " + text.trim();
        }
      } catch (error) {
        status.textContent = "The server did not answer: " + error;
      }
    });
    box.appendChild(button);
    const source = el("details", { class: "source" });
    source.appendChild(el("summary", {}, "SPARQL"));
    source.appendChild(el("pre", {}, query.query));
    box.appendChild(source);
    return box;
  }

  // -- start ------------------------------------------------------------------------------

  async function start() {
    try {
      config = await (await fetch("/config.json")).json();
    } catch (error) {
      $("error").textContent = "Could not load the page's settings: " + error;
      $("error").hidden = false;
    }
    setUpCompletion();
    knowServerPrefixes();
    Yasr.registerPlugin("table", LabelledTable);
    Yasr.registerPlugin("chart", Chart);
    for (const name of ["response", "boolean", "error"]) Yasr.defaults.plugins[name] = { enabled: true };
    const given = new URLSearchParams(window.location.search).get("query");
    const yasgui = new Yasgui($("yasgui"), {
      persistenceId: "drugkg-query-page",
      populateFromUrl: false,  // YASGUI would run a linked query at once: we never do
      autofocus: false,
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
      requestConfig: {
        endpoint: () => ENDPOINT,  // a function: always this server, whatever a tab stored
        method: "POST",
        acceptHeaderSelect: ACCEPT,
        acceptHeaderGraph: "text/turtle",
      },
      yasqe: { value: DEFAULT_QUERY, resizeable: true },
      yasr: { prefixes: config.prefixes, defaultPlugin: "table", maxPersistentResponseSize: 200000 },
    });
    for (const example of config.examples || []) {
      const button = el("button", { type: "button", class: "example" }, example.title);
      button.addEventListener("click", () => {
        const tab = yasgui.addTab(true, { name: example.title, yasqe: { value: example.query } },
          { avoidDuplicateTabs: true });
        watch(tab);
        showLink(example.query);
      });
      $("examples").appendChild(button);
    }
    if (given) {  // a linked query fills a tab of its own and waits for Run
      const tab = yasgui.addTab(true, { name: "Linked query", yasqe: { value: given } },
        { avoidDuplicateTabs: true });
      tab.getYasqe().setValue(given);
    }
    yasgui.on("tabSelect", (_yasgui, id) => {
      const tab = yasgui.getTab(id);
      if (tab) { watch(tab); showLink(tab.getQuery()); }
    });
    yasgui.on("tabChange", (_yasgui, tab) => watch(tab));
    yasgui.on("query", (_yasgui, tab) => watch(tab));
    watch(yasgui.getTab());
    showLink(yasgui.getTab().getQuery());
    window.addEventListener("popstate", () => {
      const query = new URLSearchParams(window.location.search).get("query");
      const yasqe = yasgui.getTab().getYasqe();
      if (query !== null && query !== yasqe.getValue()) yasqe.setValue(query);
    });
    if (given) $("linked").hidden = false;

    const namedYasr = new Yasr($("named-results"), {
      persistenceId: null,
      prefixes: config.prefixes,
      defaultPlugin: "table",
    });
    try {
      const named = await (await fetch("/queries")).json();
      $("named").replaceChildren(...named.map((q) => namedForm(q, namedYasr)));
    } catch (error) {
      $("error").textContent = "Could not load the named queries: " + error;
      $("error").hidden = false;
    }
    window.drugkgYasgui = yasgui;
    document.body.dataset.ready = "true";
  }

  start();
})();
