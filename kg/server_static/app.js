// The drugkg query page: an editor, example and named queries, and a result table.
// It talks only to this server. Text from the graph is put into the page with
// textContent, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const editor = $("query");
  const runButton = $("run");
  const status = $("status");
  const results = $("results");
  const notice = $("notice");
  const errorBox = $("error");
  const downloads = $("downloads");
  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  let config = { prefixes: {}, entities: [], resource: "", max_rows: 0, examples: [] };

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
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

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = iriHref(term.value);
      const link = href ? el("a", { href: href, title: term.value }, shortName(term.value))
        : el("span", { title: term.value }, shortName(term.value));
      if (href && !href.startsWith("/")) link.setAttribute("rel", "noopener noreferrer");
      if (href && href.startsWith("/graph")) link.classList.add("entity");
      td.appendChild(link);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else if (term.type === "literal") {
      td.appendChild(document.createTextNode(term.value));
      const tag = term["xml:lang"] ? "@" + term["xml:lang"]
        : term.datatype ? shortName(term.datatype) : "";
      if (tag && !/#(integer|double|boolean|decimal)$/.test(term.datatype || "")) {
        td.appendChild(el("span", { class: "datatype" }, tag));
      }
    } else {
      td.textContent = JSON.stringify(term.value);
    }
    return td;
  }

  function showTable(data) {
    const vars = data.head.vars || [];
    const table = el("table", { id: "result-table" });
    const head = el("tr");
    for (const v of vars) head.appendChild(el("th", { scope: "col" }, v));
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    for (const row of data.results.bindings) {
      const tr = el("tr");
      for (const v of vars) tr.appendChild(cell(row[v]));
      body.appendChild(tr);
    }
    table.appendChild(body);
    results.replaceChildren(table);
    return data.results.bindings.length;
  }

  function clear() {
    results.replaceChildren();
    notice.hidden = true;
    errorBox.hidden = true;
    downloads.replaceChildren();
  }

  function setDownloads(base) {
    downloads.replaceChildren();
    if (!base) return;
    for (const fmt of ["csv", "tsv", "json", "xml"]) {
      const sep = base.includes("?") ? "&" : "?";
      downloads.appendChild(el("a", { href: base + sep + "format=" + fmt, download: "" }, fmt));
    }
  }

  async function show(response, started, downloadBase) {
    const elapsed = Math.round(performance.now() - started);
    const type = (response.headers.get("content-type") || "").split(";")[0].trim();
    const text = await response.text();
    if (!response.ok) {
      errorBox.textContent = response.status + " " + response.statusText + ": " + text.trim();
      errorBox.hidden = false;
      status.textContent = "failed after " + elapsed + " ms";
      return;
    }
    if (response.headers.get("x-drugkg-truncated")) {
      notice.textContent = "Only the first " + response.headers.get("x-drugkg-row-limit") +
        " results are shown: the server's row limit.";
      notice.hidden = false;
    }
    if (type === "application/sparql-results+json") {
      const data = JSON.parse(text);
      if (typeof data.boolean === "boolean") {
        results.replaceChildren(el("p", { class: "boolean" }, String(data.boolean)));
        status.textContent = "answer in " + elapsed + " ms";
        return;
      }
      const rows = showTable(data);
      status.textContent = rows + " row" + (rows === 1 ? "" : "s") + " in " + elapsed + " ms";
      setDownloads(downloadBase);
    } else {
      results.replaceChildren(el("pre", { class: "graph" }, text));
      status.textContent = "graph in " + elapsed + " ms";
    }
  }

  async function request(url, options, downloadBase) {
    clear();
    runButton.disabled = true;
    status.textContent = "running…";
    const started = performance.now();
    try {
      const response = await fetch(url, options);
      await show(response, started, downloadBase);
    } catch (error) {
      errorBox.textContent = "The server did not answer: " + error;
      errorBox.hidden = false;
      status.textContent = "";
    } finally {
      runButton.disabled = false;
    }
  }

  function runQuery() {
    const query = editor.value;
    const body = new URLSearchParams({ query: query });
    request("/sparql", {
      method: "POST",
      headers: { "Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
    }, "/sparql?" + new URLSearchParams({ query: query }).toString());
  }

  function namedForm(query) {
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
    button.addEventListener("click", () => {
      const params = new URLSearchParams();
      for (const [name, input] of Object.entries(inputs)) {
        if (input.value.trim()) params.set(name, input.value.trim());
      }
      const url = query.url + (params.toString() ? "?" + params.toString() : "");
      request(url, { headers: { "Accept": ACCEPT } }, url);
    });
    box.appendChild(button);
    const source = el("details");
    source.appendChild(el("summary", {}, "SPARQL"));
    source.appendChild(el("pre", {}, query.query));
    box.appendChild(source);
    return box;
  }

  function tabKey(event) {
    if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      const start = editor.selectionStart;
      editor.setRangeText("  ", start, editor.selectionEnd, "end");
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runQuery();
    }
  }

  async function start() {
    runButton.addEventListener("click", runQuery);
    editor.addEventListener("keydown", tabKey);
    try {
      config = await (await fetch("/config.json")).json();
      const examples = $("examples");
      for (const example of config.examples) {
        const button = el("button", { type: "button", class: "example" }, example.title);
        button.addEventListener("click", () => { editor.value = example.query; editor.focus(); });
        examples.appendChild(button);
      }
      const named = await (await fetch("/queries")).json();
      $("named").replaceChildren(...named.map(namedForm));
    } catch (error) {
      errorBox.textContent = "Could not load the page's settings: " + error;
      errorBox.hidden = false;
    }
    const given = new URLSearchParams(window.location.search).get("query");
    if (given) {  // a linked query is shown, never run until the user presses Run
      editor.value = given;
      status.textContent = "Press Run to run this query.";
    }
    document.body.dataset.ready = "true";
  }

  start();
})();
