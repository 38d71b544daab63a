/* drugkg viz: draws the graph of the JSON data block with vis-network.
 * Text from documents only ever enters the page as text (textContent, option values,
 * canvas labels), never as HTML; links are kept only for http(s) and file URLs. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("drugkg-data").textContent);
  var container = document.getElementById("graph");
  var details = document.getElementById("details");
  var tooltip = document.getElementById("tooltip");
  var stats = document.getElementById("stats");

  // -- small DOM helpers: text in, never markup -------------------------------------
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        if (key === "text") node.textContent = props[key];
        else if (key === "className") node.className = props[key];
        else if (key === "style") Object.assign(node.style, props[key]);
        else node.setAttribute(key, props[key]);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function safeHref(href) {
    if (!href) return null;
    try {
      var url = new URL(href, document.baseURI);
      return ["http:", "https:", "file:"].indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(href, text) {
    var url = safeHref(href);
    if (!url) return el("span", { text: text });
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: text });
  }

  function clip(text, size) {
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  }

  var SVG = "http://www.w3.org/2000/svg";
  function polygon(points) {
    var shape = document.createElementNS(SVG, "polygon");
    shape.setAttribute("points", points.map(function (p) { return p.join(","); }).join(" "));
    return shape;
  }
  function regular(count, radius, turn, inner) {
    var points = [];
    var steps = inner ? count * 2 : count;
    for (var i = 0; i < steps; i++) {
      var r = inner && i % 2 ? inner : radius;
      var a = turn + (i * 2 * Math.PI) / steps;
      points.push([(8 + r * Math.cos(a)).toFixed(2), (8 + r * Math.sin(a)).toFixed(2)]);
    }
    return polygon(points);
  }
  function icon(shapeName, color) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    var shape;
    if (shapeName === "box") {
      shape = document.createElementNS(SVG, "rect");
      [["x", 1], ["y", 4], ["width", 14], ["height", 8], ["rx", 2]].forEach(function (a) {
        shape.setAttribute(a[0], a[1]);
      });
    } else if (shapeName === "square") {
      shape = document.createElementNS(SVG, "rect");
      [["x", 2.5], ["y", 2.5], ["width", 11], ["height", 11]].forEach(function (a) {
        shape.setAttribute(a[0], a[1]);
      });
    } else if (shapeName === "diamond") shape = regular(4, 7, -Math.PI / 2);
    else if (shapeName === "hexagon") shape = regular(6, 7, 0);
    else if (shapeName === "triangle") shape = regular(3, 7.5, -Math.PI / 2);
    else if (shapeName === "triangleDown") shape = regular(3, 7.5, Math.PI / 2);
    else if (shapeName === "star") shape = regular(5, 7.5, -Math.PI / 2, 3.2);
    else {
      shape = document.createElementNS(SVG, "circle");
      [["cx", 8], ["cy", 8], ["r", 6]].forEach(function (a) { shape.setAttribute(a[0], a[1]); });
    }
    shape.setAttribute("fill", color);
    svg.appendChild(shape);
    return svg;
  }

  // -- the graph --------------------------------------------------------------------
  var typeStyle = {};
  data.types.forEach(function (t) { typeStyle[t.type] = t; });
  var predicateStyle = {};
  data.predicates.forEach(function (p) { predicateStyle[p.name] = p; });

  var nodeById = {};
  var edgeById = {};
  var edgesOf = {};
  data.nodes.forEach(function (n) {
    nodeById[n.id] = n;
    edgesOf[n.id] = [];
  });
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    edgesOf[e.from].push(e.id);
    if (e.to !== e.from) edgesOf[e.to].push(e.id);
  });

  var built = {};
  var shortIds = {};
  data.nodes.forEach(function (n) {
    built[n.id] = { x: n.x, y: n.y };
    shortIds[n.short] = n.id;
  });
  var focus = null; // what the view is about: {node: id} or {edge: id}, for the permalink
  var layoutKind = "built";

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  function label(id) {
    var node = nodeById[id];
    return node ? String(node.label) : String(id);
  }
  function predicateLabel(name) {
    return predicateStyle[name] ? predicateStyle[name].label : name.replace(/_/g, " ");
  }
  function predicateColor(name) {
    return predicateStyle[name] ? predicateStyle[name].color : "#64748b";
  }

  // -- counts, filters and the legend ---------------------------------------------------
  var hiddenTypes = {};
  var hiddenPredicates = {};
  var minConfidence = 0;
  var minSupport = 1;
  // the neighbourhood view: the nodes expanded into it, or null for the whole graph
  var shown = null;
  var hiddenNow = {};

  function edgePasses(e) {
    return !(hiddenPredicates[e.predicate] || hiddenTypes[nodeById[e.from].type] ||
      hiddenTypes[nodeById[e.to].type] || e.confidence < minConfidence - 1e-9 ||
      e.support < minSupport);
  }

  function updateStats() {
    var shownNodes = 0;
    var shownEdges = 0;
    data.nodes.forEach(function (n) { if (!hiddenNow[n.id]) shownNodes++; });
    data.edges.forEach(function (e) { if (!hiddenNow[e.id]) shownEdges++; });
    var total = data.nodes.length + " nodes · " + data.edges.length + " facts";
    stats.textContent =
      shownNodes === data.nodes.length && shownEdges === data.edges.length
        ? total
        : "showing " + shownNodes + " of " + data.nodes.length + " nodes · " +
          shownEdges + " of " + data.edges.length + " facts";
    stats.dataset.nodes = String(data.nodes.length);
    stats.dataset.edges = String(data.edges.length);
    stats.dataset.shownNodes = String(shownNodes);
    stats.dataset.shownEdges = String(shownEdges);
  }

  function applyFilters() {
    var edgeChanges = [];
    var visibleDegree = {};
    data.edges.forEach(function (e) {
      var hidden = !edgePasses(e) || !!(shown && !(shown[e.from] && shown[e.to]));
      if (!hidden) {
        visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
        visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      }
      if (!!hiddenNow[e.id] !== hidden) edgeChanges.push({ id: e.id, hidden: hidden });
      hiddenNow[e.id] = hidden;
    });
    // while anything is filtered out, so are the nodes without a fact left to show
    var filtering = Object.keys(hiddenTypes).length || Object.keys(hiddenPredicates).length ||
      minConfidence > 0 || minSupport > 1;
    var nodeChanges = [];
    data.nodes.forEach(function (n) {
      var hidden = !!(hiddenTypes[n.type] || (shown ? !shown[n.id]
        : (filtering || edgesOf[n.id].length) && !visibleDegree[n.id]));
      if (!!hiddenNow[n.id] !== hidden) nodeChanges.push({ id: n.id, hidden: hidden });
      hiddenNow[n.id] = hidden;
    });
    edges.update(edgeChanges);
    nodes.update(nodeChanges);
    updateStats();
    document.getElementById("show-all").hidden = !shown;
    if (layoutKind !== "built") relayout(layoutKind);
    else if (shown) fitAll();
    writeHash();
  }

  function resetFilters() {
    // emptied in place: the legend's checkboxes hold these very objects
    Object.keys(hiddenTypes).forEach(function (k) { delete hiddenTypes[k]; });
    Object.keys(hiddenPredicates).forEach(function (k) { delete hiddenPredicates[k]; });
    minConfidence = 0;
    minSupport = 1;
    shown = null;
    document.querySelectorAll("#legend .toggles input").forEach(function (b) { b.checked = true; });
    setSliders();
  }

  function toggle(list, key, title, marker, count, hidden) {
    var box = el("input", { type: "checkbox", "aria-label": title, "data-key": key });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) delete hidden[key];
      else hidden[key] = true;
      applyFilters();
    });
    list.appendChild(
      el("li", null, [
        el("label", { title: title }, [box, marker, el("span", { text: title }), " ",
          el("span", { className: "count", text: String(count) })]),
      ])
    );
  }

  var typeList = document.getElementById("legend-types");
  data.types.forEach(function (t) {
    toggle(typeList, t.type, t.name, icon(t.shape, t.color), t.count, hiddenTypes);
  });
  var predicateList = document.getElementById("legend-predicates");
  data.predicates.forEach(function (p) {
    var swatch = el("span", { className: "swatch", style: { background: p.color } });
    toggle(predicateList, p.name, p.label, swatch, p.count, hiddenPredicates);
  });

  // -- details ------------------------------------------------------------------------
  function clearDetails() {
    details.replaceChildren(el("p", {
      className: "placeholder",
      text: "Hover over a node or an edge for a summary; click it for its details and evidence.",
    }));
  }

  function nodeButton(id) {
    var button = el("button", { type: "button", text: label(id) });
    button.addEventListener("click", function () { selectNode(id, false); });
    return button;
  }

  function edgeButton(id, text) {
    var button = el("button", { type: "button", text: text });
    button.addEventListener("click", function () { selectEdge(id); });
    return button;
  }

  function showNode(id) {
    var node = nodeById[id];
    if (!node) return;
    var style = typeStyle[node.type] || { name: node.type, color: "#64748b" };
    var parts = [
      el("h3", { text: String(node.label) }),
      el("p", null, [
        el("span", { className: "badge", style: { background: style.color }, text: style.name }),
        el("span", { className: "meta", text: edgesOf[id].length + " fact(s) · " + node.short }),
      ]),
    ];
    if (node.synonyms && node.synonyms.length) {
      parts.push(el("h4", { text: "Also called" }), el("p", { text: node.synonyms.join(", ") }));
    }
    if (node.xrefs && node.xrefs.length) {
      parts.push(el("h4", { text: "External ids" }));
      parts.push(el("ul", { className: "facts" }, node.xrefs.map(function (x) {
        return el("li", null, [x.name + ": ", link(x.url, x.id)]);
      })));
    }
    if (node.doses && node.doses.length) {
      parts.push(el("h4", { text: "Doses" }));
      parts.push(el("ul", { className: "facts" }, node.doses.map(function (d) {
        var what = [d.kind, d.amount + " " + d.unit, d.frequency].filter(Boolean).join(" ");
        var whom = [d.condition, d.population].filter(Boolean).join(", ");
        return el("li", { title: d.sentence || "" }, [
          what + (whom ? " — " + whom : ""), " ",
          el("span", { className: "meta", text: "(" + d.doc_id + ")" }),
        ]);
      })));
    }
    var facts = edgesOf[id].map(function (eid) { return edgeById[eid]; });
    facts.sort(function (a, b) {
      return a.predicate.localeCompare(b.predicate) ||
        label(a.from === id ? a.to : a.from).localeCompare(label(b.from === id ? b.to : b.from));
    });
    if (facts.length) {
      parts.push(el("h4", { text: "Facts" }));
      var limit = 300;
      parts.push(el("ul", { className: "facts" }, facts.slice(0, limit).map(function (e) {
        var outgoing = e.from === id;
        var other = outgoing ? e.to : e.from;
        var pred = el("span", {
          className: "pred", style: { color: predicateColor(e.predicate) },
          text: outgoing ? predicateLabel(e.predicate) : "← " + predicateLabel(e.predicate),
        });
        return el("li", null, [pred, edgeButton(e.id, label(other)),
          e.hedged ? el("span", { className: "meta", text: " (hedged)" }) : null]);
      })));
      if (facts.length > limit) {
        parts.push(el("p", { className: "meta", text: "… and " + (facts.length - limit) + " more" }));
      }
    }
    var more = {};
    neighbours(id).forEach(function (n) { if (hiddenNow[n]) more[n] = true; });
    var expandButton = el("button", {
      type: "button", className: "expand",
      title: shown ? "Show the nodes next to it that are hidden" : "Show only it and its neighbours",
      text: shown ? "Expand (+" + Object.keys(more).length + ")" : "Its neighbourhood only",
    });
    expandButton.addEventListener("click", function () { expand(id); });
    var collapseButton = el("button", {
      type: "button", className: "collapse",
      title: "Hide the neighbours that hang only on it", text: "Collapse",
    });
    collapseButton.addEventListener("click", function () { collapse(id); });
    parts.splice(2, 0, el("div", { className: "actions" }, [expandButton, collapseButton]));
    details.replaceChildren.apply(details, parts);
    details.dataset.showing = "node:" + id;
  }

  function showEdge(id) {
    var edge = edgeById[id];
    if (!edge) return;
    var color = predicateColor(edge.predicate);
    var documents = {};
    edge.evidence.forEach(function (q) { documents[q.doc] = true; });
    var parts = [
      el("h3", null, [nodeButton(edge.from), " ",
        el("span", { style: { color: color }, text: predicateLabel(edge.predicate) }), " ",
        nodeButton(edge.to)]),
      el("p", null, [
        el("span", { className: "badge", style: { background: color }, text: predicateLabel(edge.predicate) }),
        edge.hedged ? el("span", { className: "badge hedged", text: "hedged" }) : null,
      ]),
      el("p", {
        className: "meta",
        text: "confidence " + Number(edge.confidence).toFixed(2) + " · " + edge.support +
          " document(s) · " + edge.evidence.length + " sentence(s)",
      }),
      el("h4", { text: "Evidence" }),
    ];
    parts.push(el("ul", { className: "evidence" }, edge.evidence.map(function (q) {
      var source = el("div", { className: "source" }, [
        link(q.href, q.title || q.doc), " · " + q.doc,
        q.hedged ? " · hedged" : "", " · rule " + q.rule,
        " · " + Number(q.confidence).toFixed(2),
      ]);
      return el("li", null, [el("blockquote", { text: "“" + q.sentence + "”" }), source]);
    })));
    details.replaceChildren.apply(details, parts);
    details.dataset.showing = "edge:" + id;
  }

  // -- selection and neighbourhood highlight ------------------------------------------
  // an edge's look: its predicate's colour, faded ("off"), normal, or highlighted with
  // ("on") or without ("lit") a label at any zoom; other labels show when zoomed in
  function edgeLook(e, state) {
    var c = predicateColor(e.predicate);
    var opacity = state === "on" || state === "lit" ? 0.95 : state === "off" ? 0.07 : 0.5;
    return {
      id: e.id,
      color: { color: c, highlight: c, hover: c, opacity: opacity },
      font: { color: state === "off" ? "rgba(0,0,0,0)" : c, strokeWidth: state === "off" ? 0 : 3 },
      scaling: { label: { drawThreshold: state === "on" ? 3 : 16 } },
    };
  }
  // a node's look: faded, with a faint label, when outside the highlighted part
  function nodeLook(n, on) {
    var font = n.shape === "box"
      ? { color: "#ffffff", size: n.font.size, strokeWidth: 0 }
      : { color: on ? "#1f2937" : "#cbd5e1", size: n.font.size };
    return { id: n.id, opacity: on ? 1 : 0.18, font: font };
  }
  var dimmed = false;
  function highlight(nodeIds, edgeIds) {
    var keepNodes = {};
    nodeIds.forEach(function (n) { keepNodes[n] = true; });
    var keepEdges = {};
    edgeIds.forEach(function (e) { keepEdges[e] = true; });
    nodes.update(data.nodes.map(function (n) { return nodeLook(n, !!keepNodes[n.id]); }));
    // many highlighted facts around a hub: their labels only when zoomed in, as usual
    var labelled = edgeIds.length <= 30;
    edges.update(data.edges.map(function (e) {
      return edgeLook(e, keepEdges[e.id] ? (labelled ? "on" : "lit") : "off");
    }));
    dimmed = true;
  }
  function unhighlight() {
    if (!dimmed) return;
    nodes.update(data.nodes.map(function (n) { return nodeLook(n, true); }));
    edges.update(data.edges.map(function (e) { return edgeLook(e, "normal"); }));
    dimmed = false;
  }
  function highlightNode(id) {
    var around = [id];
    edgesOf[id].forEach(function (eid) {
      around.push(edgeById[eid].from, edgeById[eid].to);
    });
    highlight(around, edgesOf[id]);
  }

  function selectNode(id, zoom) {
    if (!nodeById[id]) return;
    if (hiddenNow[id]) {
      resetFilters();
      applyFilters();
    }
    network.selectNodes([id]);
    highlightNode(id);
    focus = { node: id };
    writeHash();
    var scale = Math.max(network.getScale(), zoom === false ? 0 : 1.1);
    network.focus(id, { scale: scale, animation: { duration: 500, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }
  function selectEdge(id) {
    var edge = edgeById[id];
    if (!edge) return;
    network.selectEdges([id]);
    highlight([edge.from, edge.to], [id]);
    focus = { edge: id };
    writeHash();
    network.fit({ nodes: [edge.from, edge.to], animation: { duration: 500 } });
    showEdge(id);
  }

  network.on("click", function (params) {
    hideTooltip();
    if (params.nodes.length) {
      highlightNode(params.nodes[0]);
      showNode(params.nodes[0]);
      focus = { node: params.nodes[0] };
    } else if (params.edges.length) {
      var edge = edgeById[params.edges[0]];
      highlight([edge.from, edge.to], [edge.id]);
      showEdge(params.edges[0]);
      focus = { edge: edge.id };
    } else {
      unhighlight();
      clearDetails();
      delete details.dataset.showing;
      focus = null;
    }
    writeHash();
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) expand(params.nodes[0]);
  });

  // -- tooltips (built from text, shown next to the pointer) --------------------------
  function showTooltip(children, pointer) {
    tooltip.replaceChildren.apply(tooltip, children);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.DOM.x + 14;
    var y = box.top + pointer.DOM.y + 14;
    var width = tooltip.offsetWidth;
    var height = tooltip.offsetHeight;
    if (x + width > window.innerWidth - 8) x = Math.max(8, x - width - 28);
    if (y + height > window.innerHeight - 8) y = Math.max(8, y - height - 28);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() {
    tooltip.hidden = true;
  }
  network.on("hoverNode", function (params) {
    var node = nodeById[params.node];
    var style = typeStyle[node.type] || { name: node.type };
    var lines = [
      el("div", { className: "tt-title", text: String(node.label) }),
      el("div", { className: "tt-muted", text: style.name + " · " + edgesOf[node.id].length + " fact(s)" }),
    ];
    if (node.synonyms && node.synonyms.length) {
      lines.push(el("div", { text: "also: " + clip(node.synonyms.join(", "), 160) }));
    }
    if (node.xrefs && node.xrefs.length) {
      lines.push(el("div", { className: "tt-muted",
        text: node.xrefs.map(function (x) { return x.name + " " + x.id; }).join(" · ") }));
    }
    showTooltip(lines, params.pointer);
  });
  network.on("hoverEdge", function (params) {
    var edge = edgeById[params.edge];
    var lines = [
      el("div", { className: "tt-title",
        text: label(edge.from) + " → " + predicateLabel(edge.predicate) + " → " + label(edge.to) }),
      el("div", { className: "tt-muted",
        text: "confidence " + Number(edge.confidence).toFixed(2) + " · " + edge.support +
          " document(s)" + (edge.hedged ? " · hedged" : "") }),
    ];
    if (edge.evidence.length) {
      var first = edge.evidence[0];
      lines.push(el("div", { text: "“" + clip(first.sentence, 240) + "” — " + first.doc }));
    }
    lines.push(el("div", { className: "tt-muted", text: "click for " +
      (edge.evidence.length > 1 ? "all " + edge.evidence.length + " sentences" : "the source") }));
    showTooltip(lines, params.pointer);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (name) {
    network.on(name, hideTooltip);
  });
  container.addEventListener("mouseleave", hideTooltip);

  // -- search ---------------------------------------------------------------------------
  var names = document.getElementById("search-names");
  var seen = {};
  data.nodes.forEach(function (n) {
    [String(n.label)].concat(n.synonyms || []).forEach(function (name) {
      if (seen[name.toLowerCase()]) return;
      seen[name.toLowerCase()] = true;
      var option = document.createElement("option");
      option.value = name;
      names.appendChild(option);
    });
  });

  function find(query) {
    var wanted = String(query || "").trim().toLowerCase();
    if (!wanted) return null;
    var exact = null;
    var synonym = null;
    var partial = null;
    data.nodes.forEach(function (n) {
      var name = String(n.label).toLowerCase();
      if (name === wanted && (!exact || n.shape === "box")) exact = n.id;
      if ((n.synonyms || []).some(function (s) { return s.toLowerCase() === wanted; })) {
        synonym = synonym || n.id;
      }
      if (!partial && name.indexOf(wanted) >= 0) partial = n.id;
    });
    var found = exact || synonym || partial;
    return found === null ? null : drugOf(found);
  }

  // a brand's drug (the subject of its has_brand_name fact), or the node itself
  function drugOf(id) {
    var brands = edgesOf[id].map(function (eid) { return edgeById[eid]; }).filter(function (e) {
      return e.predicate === "has_brand_name" && e.to === id;
    });
    return brands.length ? brands[0].from : id;
  }

  var searchStatus = document.getElementById("search-status");
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("search-input").value;
    var id = find(query);
    if (id === null) {
      searchStatus.textContent = query.trim() ? "no node matches “" + clip(query, 40) + "”" : "";
      return;
    }
    searchStatus.textContent = "";
    selectNode(id, true);
  });
  // fit the whole graph, with a margin for the labels (vis fits the nodes' centres)
  function fitAll() {
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.92, animation: false });
  }
  document.getElementById("fit").addEventListener("click", function () {
    unhighlight();
    network.unselectAll();
    focus = null;
    writeHash();
    fitAll();
  });
  document.getElementById("show-all").addEventListener("click", function () {
    shown = null;
    applyFilters();
    fitAll();
  });

  // -- belief sliders ------------------------------------------------------------------
  var confidenceInput = document.getElementById("min-confidence");
  var supportInput = document.getElementById("min-support");
  var mostSupport = data.edges.reduce(function (m, e) { return Math.max(m, e.support || 0); }, 1);
  supportInput.max = String(mostSupport);
  supportInput.disabled = mostSupport <= 1;
  function setSliders() {
    confidenceInput.value = String(minConfidence);
    supportInput.value = String(minSupport);
    document.getElementById("min-confidence-value").textContent = minConfidence.toFixed(2);
    document.getElementById("min-support-value").textContent = String(minSupport);
  }
  // the value shows while the thumb moves; the graph is filtered when it is let go
  confidenceInput.addEventListener("input", function () {
    document.getElementById("min-confidence-value").textContent =
      Number(confidenceInput.value).toFixed(2);
  });
  supportInput.addEventListener("input", function () {
    document.getElementById("min-support-value").textContent = supportInput.value;
  });
  confidenceInput.addEventListener("change", function () {
    minConfidence = Number(confidenceInput.value);
    applyFilters();
  });
  supportInput.addEventListener("change", function () {
    minSupport = Number(supportInput.value);
    applyFilters();
  });

  // -- expand and collapse a neighbourhood ----------------------------------------------
  // the nodes next to ``id`` through facts that pass the filters
  function neighbours(id) {
    var out = [];
    edgesOf[id].forEach(function (eid) {
      var e = edgeById[eid];
      if (edgePasses(e)) out.push(e.from === id ? e.to : e.from);
    });
    return out;
  }
  function refocus(id) {
    if (hiddenNow[id]) return;
    network.selectNodes([id]);
    highlightNode(id);
    showNode(id);
    focus = { node: id };
    writeHash();
  }
  // from the whole graph: only the node and its neighbours; then: its neighbours too
  function expand(id) {
    if (!nodeById[id]) return;
    if (!shown) shown = {};
    shown[id] = true;
    neighbours(id).forEach(function (n) { shown[n] = true; });
    applyFilters();
    refocus(id);
  }
  // hide the neighbours that hang only on ``id`` (no other shown neighbour)
  function collapse(id) {
    if (!nodeById[id]) return;
    if (!shown) {
      shown = {};
      data.nodes.forEach(function (n) { if (!hiddenNow[n.id]) shown[n.id] = true; });
    }
    neighbours(id).forEach(function (n) {
      if (n === id || !shown[n]) return;
      var elsewhere = neighbours(n).some(function (m) { return m !== id && shown[m]; });
      if (!elsewhere) delete shown[n];
    });
    shown[id] = true;
    applyFilters();
    refocus(id);
  }

  // -- layouts of what is shown -----------------------------------------------------------
  var SCALE = 45; // pixels per layout unit: about one edge
  function visibleGraph() {
    var ids = [];
    var index = {};
    data.nodes.forEach(function (n) {
      if (!hiddenNow[n.id]) {
        index[n.id] = ids.length;
        ids.push(n.id);
      }
    });
    var pairs = [];
    var directed = [];
    var seenPair = {};
    data.edges.forEach(function (e) {
      if (hiddenNow[e.id] || e.from === e.to) return;
      var i = index[e.from];
      var j = index[e.to];
      var key = i < j ? i + ":" + j : j + ":" + i;
      if (!seenPair[key]) {
        seenPair[key] = true;
        pairs.push([i, j]);
      }
      if (!(e.arrows && e.arrows.to && e.arrows.to.enabled === false)) directed.push([i, j]);
    });
    return { ids: ids, pairs: pairs, directed: directed };
  }
  function boxOf(id) {
    var box = nodeById[id].box || [40, 30];
    return [box[0], box[1]];
  }

  // repulsion weighted by degree, exact between near points and by grid cell for far ones
  function repulse(x, y, mass, dx, dy) {
    var n = x.length;
    var i, j;
    if (n <= 900) {
      for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
          var ex = x[i] - x[j], ey = y[i] - y[j];
          var w = (mass[i] * mass[j]) / (ex * ex + ey * ey + 1e-4);
          dx[i] += ex * w; dy[i] += ey * w; dx[j] -= ex * w; dy[j] -= ey * w;
        }
      }
      return;
    }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (i = 0; i < n; i++) {
      minX = Math.min(minX, x[i]); maxX = Math.max(maxX, x[i]);
      minY = Math.min(minY, y[i]); maxY = Math.max(maxY, y[i]);
    }
    var g = Math.max(2, Math.ceil(Math.sqrt(n) / 3));
    var cw = (maxX - minX) / g + 1e-9, ch = (maxY - minY) / g + 1e-9;
    var cell = new Int32Array(n), count = new Int32Array(g * g);
    var cm = new Float64Array(g * g), cx = new Float64Array(g * g), cy = new Float64Array(g * g);
    for (i = 0; i < n; i++) {
      var c = Math.min(g - 1, Math.floor((x[i] - minX) / cw)) * g +
        Math.min(g - 1, Math.floor((y[i] - minY) / ch));
      cell[i] = c; count[c]++; cm[c] += mass[i]; cx[c] += x[i] * mass[i]; cy[c] += y[i] * mass[i];
    }
    var first = new Int32Array(g * g + 1);
    for (c = 0; c < g * g; c++) first[c + 1] = first[c] + count[c];
    var fill = first.slice(0, g * g), members = new Int32Array(n);
    for (i = 0; i < n; i++) members[fill[cell[i]]++] = i;
    var occupied = [];
    for (c = 0; c < g * g; c++) {
      if (cm[c]) { cx[c] /= cm[c]; cy[c] /= cm[c]; occupied.push(c); }
    }
    for (i = 0; i < n; i++) {
      var gx = Math.floor(cell[i] / g), gy = cell[i] % g;
      for (var o = 0; o < occupied.length; o++) {
        c = occupied[o];
        if (Math.abs(Math.floor(c / g) - gx) <= 1 && Math.abs((c % g) - gy) <= 1) {
          for (var k = first[c]; k < first[c + 1]; k++) {
            j = members[k];
            if (j === i) continue;
            var fx = x[i] - x[j], fy = y[i] - y[j];
            var f = (mass[i] * mass[j]) / (fx * fx + fy * fy + 1e-4);
            dx[i] += fx * f; dy[i] += fy * f;
          }
        } else {
          var hx = x[i] - cx[c], hy = y[i] - cy[c];
          var h = (mass[i] * cm[c]) / (hx * hx + hy * hy + 1e-4);
          dx[i] += hx * h; dy[i] += hy * h;
        }
      }
    }
  }

  // the force-directed layout of drugkg.kg.layout, from where the nodes are now
  function forceLayout(g) {
    var n = g.ids.length;
    var x = new Float64Array(n), y = new Float64Array(n), mass = new Float64Array(n).fill(1);
    var now = network.getPositions(g.ids);
    g.ids.forEach(function (id, i) { x[i] = now[id].x / SCALE; y[i] = now[id].y / SCALE; });
    g.pairs.forEach(function (p) { mass[p[0]]++; mass[p[1]]++; });
    // start as arranged now, drawn together into a disc the layout's size
    var mx = 0, my = 0, reach = 1e-9;
    for (var i = 0; i < n; i++) { mx += x[i] / n; my += y[i] / n; }
    for (i = 0; i < n; i++) reach = Math.max(reach, Math.hypot(x[i] - mx, y[i] - my));
    var shrink = Math.min(1, Math.sqrt(n) / reach);
    for (i = 0; i < n; i++) { x[i] = (x[i] - mx) * shrink; y[i] = (y[i] - my) * shrink; }
    // it starts from a layout, not at random: fewer steps than drugkg.kg.layout takes
    var steps = Math.max(30, Math.min(200, Math.round(40000 / Math.max(n, 1))));
    var dx = new Float64Array(n), dy = new Float64Array(n);
    for (var step = 0; step < steps; step++) {
      dx.fill(0); dy.fill(0);
      repulse(x, y, mass, dx, dy);
      for (i = 0; i < n; i++) { dx[i] *= 0.1; dy[i] *= 0.1; }
      g.pairs.forEach(function (p) {
        var ex = x[p[0]] - x[p[1]], ey = y[p[0]] - y[p[1]], d = Math.hypot(ex, ey);
        dx[p[0]] -= ex * d; dy[p[0]] -= ey * d; dx[p[1]] += ex * d; dy[p[1]] += ey * d;
      });
      mx = 0; my = 0;
      for (i = 0; i < n; i++) { mx += x[i] / n; my += y[i] / n; }
      var temperature = Math.sqrt(n) * 0.2 * (1 - step / steps) + 0.02;
      for (i = 0; i < n; i++) {
        // gravity keeps it round, and stronger on hubs so that they sit inside
        dx[i] = (dx[i] - (x[i] - mx) * mass[i] * mass[i] * 0.02) / mass[i];
        dy[i] = (dy[i] - (y[i] - my) * mass[i] * mass[i] * 0.02) / mass[i];
        var length = Math.hypot(dx[i], dy[i]) + 1e-9, move = Math.min(length, temperature);
        x[i] += (dx[i] / length) * move; y[i] += (dy[i] / length) * move;
      }
    }
    var out = [];
    for (i = 0; i < n; i++) out.push([x[i] * SCALE, y[i] * SCALE]);
    return spread(g.ids, out);
  }

  // boxes (labels) moved apart until none overlap, as drugkg.kg.layout does; a box is in
  // every grid cell it touches, so that a hub's wide label does not make every cell wide
  function spread(ids, xy) {
    var n = ids.length;
    var half = ids.map(function (id) { var b = boxOf(id); return [b[0] / 2, b[1] / 2]; });
    var area = half.map(function (h) { return h[0] * h[1] + 1e-9; });
    var margin = 3;
    var sizes = half.map(function (h) { return Math.max(h[0], h[1]); }).sort(function (a, b) {
      return a - b;
    });
    var cell = 2 * (sizes[Math.floor(n / 2)] || 1) + margin;
    var key = function (gx, gy) { return (gx + 32768) * 65536 + gy + 32768; };
    var seen = new Int32Array(n);
    for (var round = 0; round < 200; round++) {
      var grid = new Map();
      var span = function (i, visit) {
        var p = xy[i], h = half[i];
        var x1 = Math.floor((p[0] + h[0] + margin) / cell), y1 = Math.floor((p[1] + h[1] + margin) / cell);
        for (var gx = Math.floor((p[0] - h[0] - margin) / cell); gx <= x1; gx++) {
          for (var gy = Math.floor((p[1] - h[1] - margin) / cell); gy <= y1; gy++) visit(key(gx, gy));
        }
      };
      for (var i = 0; i < n; i++) {
        span(i, function (k) {
          var list = grid.get(k);
          if (list) list.push(i);
          else grid.set(k, [i]);
        });
      }
      seen.fill(-1);
      var moved = 0;
      for (i = 0; i < n; i++) {
        var cells = [];
        span(i, function (k) { cells.push(k); }); // where it was: it moves below
        cells.forEach(function (k) {
          (grid.get(k) || []).forEach(function (j) {
            if (j <= i || seen[j] === i) return;
            seen[j] = i;
            var p = xy[i], q = xy[j];
            var rx = half[i][0] + half[j][0] + margin, ry = half[i][1] + half[j][1] + margin;
            var ux = (p[0] - q[0]) / rx, uy = (p[1] - q[1]) / ry;
            var norm = Math.max(Math.abs(ux), Math.abs(uy));
            if (norm >= 1) return;
            if (norm < 1e-6) { ux = 0.01; uy = 0.01; norm = 0.01; }
            // the smaller box makes way for the bigger one
            var share = area[j] / (area[i] + area[j]);
            var px = (ux / norm - ux) * rx, py = (uy / norm - uy) * ry;
            p[0] += px * share; p[1] += py * share;
            q[0] -= px * (1 - share); q[1] -= py * (1 - share);
            moved++;
          });
        });
      }
      if (!moved) break;
    }
    return xy;
  }

  // layers top to bottom: every subject above its objects (longest path; cycles broken)
  function treeLayout(g) {
    var n = g.ids.length;
    var layer = new Int32Array(n), indegree = new Int32Array(n), done = new Uint8Array(n);
    var out = g.ids.map(function () { return []; });
    var parents = g.ids.map(function () { return []; });
    g.directed.forEach(function (p) {
      out[p[0]].push(p[1]); parents[p[1]].push(p[0]); indegree[p[1]]++;
    });
    var queue = [];
    for (var i = 0; i < n; i++) if (!indegree[i]) queue.push(i);
    var left = n;
    var next = 0;
    while (left) {
      if (!queue.length) { // a cycle: start it at its first node left
        while (done[next]) next++;
        queue.push(next);
      }
      var u = queue.shift();
      if (done[u]) continue;
      done[u] = 1; left--;
      out[u].forEach(function (v) {
        if (done[v]) return;
        layer[v] = Math.max(layer[v], layer[u] + 1);
        if (--indegree[v] === 0) queue.push(v);
      });
    }
    var layers = [];
    for (i = 0; i < n; i++) (layers[layer[i]] = layers[layer[i]] || []).push(i);
    var order = new Float64Array(n);
    var width = 0;
    g.ids.forEach(function (id) { width += boxOf(id)[0] + 16; });
    var rowWidth = Math.max(1200, Math.sqrt(width * 400));
    var xy = new Array(n), top = 0;
    layers.forEach(function (members, depth) {
      if (!members) return;
      members.forEach(function (m) {
        var from = parents[m].filter(function (p) { return layer[p] < depth; });
        order[m] = from.length
          ? from.reduce(function (s, p) { return s + order[p]; }, 0) / from.length
          : -nodeById[g.ids[m]].degree;
      });
      members.sort(function (a, b) {
        return order[a] - order[b] || String(nodeById[g.ids[a]].label).localeCompare(
          String(nodeById[g.ids[b]].label));
      });
      var rows = [[]], used = 0;
      members.forEach(function (m) {
        var w = boxOf(g.ids[m])[0] + 16;
        if (used + w > rowWidth && rows[rows.length - 1].length) { rows.push([]); used = 0; }
        rows[rows.length - 1].push(m);
        used += w;
      });
      rows.forEach(function (row) {
        var total = row.reduce(function (s, m) { return s + boxOf(g.ids[m])[0] + 16; }, 0);
        var height = row.reduce(function (s, m) { return Math.max(s, boxOf(g.ids[m])[1]); }, 0);
        var x = -total / 2;
        row.forEach(function (m, k) {
          var w = boxOf(g.ids[m])[0] + 16;
          xy[m] = [x + w / 2, top + height / 2];
          order[m] = k / Math.max(row.length, 1);
          x += w;
        });
        top += height + 30;
      });
      top += 90;
    });
    return xy;
  }

  function relayout(kind) {
    layoutKind = kind;
    document.querySelectorAll("#layouts button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.layout === kind));
    });
    var g = visibleGraph();
    var xy = kind === "force" ? forceLayout(g) : kind === "tree" ? treeLayout(g)
      : g.ids.map(function (id) { return [built[id].x, built[id].y]; });
    nodes.update(g.ids.map(function (id, i) {
      return { id: id, x: Math.round(xy[i][0]), y: Math.round(xy[i][1]) };
    }));
    container.dataset.layout = kind;
    container.dataset.layouts = String(Number(container.dataset.layouts || 0) + 1);
    fitAll();
  }
  document.querySelectorAll("#layouts button").forEach(function (b) {
    b.addEventListener("click", function () {
      relayout(b.dataset.layout);
      writeHash();
    });
  });

  // -- labels at any zoom ------------------------------------------------------------------
  // vis-network leaves out labels under 7 px; where it does, the best connected nodes get
  // a small label of their own, as many as fit without two overlapping
  var LABEL_PX = 11;
  var byDegree = data.nodes.slice().sort(function (a, b) {
    return b.degree - a.degree || (a.id < b.id ? -1 : 1);
  });
  var labelled = [];
  var ownBoxes = [];
  var widths = {};
  var measurer = document.createElement("canvas").getContext("2d");
  measurer.font = LABEL_PX + "px Inter, Segoe UI, Helvetica, Arial, sans-serif";
  function measure(text) {
    if (widths[text] === undefined) widths[text] = measurer.measureText(text).width;
    return widths[text];
  }
  network.on("afterDrawing", function (ctx) {
    labelled = [];
    ownBoxes = [];
    var scale = network.getScale();
    var view = network.body.view.translation;
    var width = container.clientWidth, height = container.clientHeight;
    var taken = {};
    var CELL = 64;
    function free(box, claim) {
      var x0 = Math.floor(box[0] / CELL), x1 = Math.floor(box[2] / CELL);
      var y0 = Math.floor(box[1] / CELL), y1 = Math.floor(box[3] / CELL);
      for (var gx = x0; gx <= x1; gx++) {
        for (var gy = y0; gy <= y1; gy++) {
          var list = taken[gx + ":" + gy] || [];
          for (var k = 0; k < list.length; k++) {
            var o = list[k];
            if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) return false;
          }
        }
      }
      if (claim) {
        for (gx = x0; gx <= x1; gx++) {
          for (gy = y0; gy <= y1; gy++) (taken[gx + ":" + gy] = taken[gx + ":" + gy] || []).push(box);
        }
      }
      return true;
    }
    var own = [];
    byDegree.forEach(function (n) {
      if (hiddenNow[n.id]) return;
      var body = network.body.nodes[n.id];
      if (!body) return;
      var sx = body.x * scale + view.x, sy = body.y * scale + view.y;
      if (sx < -50 || sy < -50 || sx > width + 50 || sy > height + 50) return;
      var px = n.font.size * scale;
      var threshold = n.shape === "box" ? 3 : 8;
      var text = String(n.label);
      var w = (text.length * 9 * px) / 16;
      var below = n.shape === "box" ? 0 : (n.size || 10) * scale + px * 0.7;
      if (px >= threshold - 1) { // drawn by vis-network
        free([sx - w / 2, sy + below - px * 0.6, sx + w / 2, sy + below + px * 0.6], true);
        labelled.push(n.id);
        return;
      }
      if (n.shape === "box" || (dimmed && body.options.opacity < 0.5)) return;
      var lw = measure(text);
      var r = (n.size || 10) * scale + 2;
      // below the node, else above, right or left of it, else at a corner: the first place
      // that is free
      var d = r * 0.7;
      var places = [[sx - lw / 2, sy + r], [sx - lw / 2, sy - r - LABEL_PX - 2],
        [sx + r + 2, sy - LABEL_PX / 2 - 1], [sx - r - 2 - lw, sy - LABEL_PX / 2 - 1],
        [sx + d, sy + d], [sx - d - lw, sy + d], [sx + d, sy - d - LABEL_PX - 2],
        [sx - d - lw, sy - d - LABEL_PX - 2]];
      for (var k = 0; k < places.length; k++) {
        var at = places[k];
        var box = [at[0] - 1, at[1], at[0] + lw + 1, at[1] + LABEL_PX + 2];
        if (box[0] < 0 || box[1] < 0 || box[2] > width || box[3] > height) continue;
        if (!free(box, true)) continue;
        own.push([text, at[0], at[1] + 1]);
        ownBoxes.push(box);
        labelled.push(n.id);
        return;
      }
    });
    if (!own.length) return;
    var ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = LABEL_PX + "px Inter, Segoe UI, Helvetica, Arial, sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.fillStyle = "#374151";
    own.forEach(function (l) {
      ctx.strokeText(l[0], l[1], l[2]);
      ctx.fillText(l[0], l[1], l[2]);
    });
    ctx.restore();
  });

  // -- export ---------------------------------------------------------------------------------
  function slug() {
    return String(data.title).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") ||
      "drugkg-graph";
  }
  function download(href, name) {
    var a = el("a", { href: href, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  document.getElementById("export-png").addEventListener("click", function () {
    var source = container.querySelector("canvas");
    var canvas = document.createElement("canvas");
    canvas.width = source.width;
    canvas.height = source.height;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    download(canvas.toDataURL("image/png"), slug() + ".png");
  });
  // what is shown, as an SVG drawing (every label, whatever the zoom)
  function svgText() {
    var g = visibleGraph();
    var at = network.getPositions(g.ids);
    var svg = document.createElementNS(SVG, "svg");
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    g.ids.forEach(function (id) {
      var b = boxOf(id);
      minX = Math.min(minX, at[id].x - b[0] / 2); maxX = Math.max(maxX, at[id].x + b[0] / 2);
      minY = Math.min(minY, at[id].y - b[1] / 2); maxY = Math.max(maxY, at[id].y + b[1] / 2);
    });
    if (!g.ids.length) { minX = minY = 0; maxX = maxY = 1; }
    svg.setAttribute("xmlns", SVG);
    svg.setAttribute("viewBox", [minX - 20, minY - 20, maxX - minX + 40, maxY - minY + 40].join(" "));
    svg.setAttribute("font-family", "Inter, Segoe UI, Helvetica, Arial, sans-serif");
    var title = document.createElementNS(SVG, "title");
    title.textContent = data.title;
    svg.appendChild(title);
    data.edges.forEach(function (e) {
      if (hiddenNow[e.id]) return;
      var line = document.createElementNS(SVG, "line");
      [["x1", at[e.from].x], ["y1", at[e.from].y], ["x2", at[e.to].x], ["y2", at[e.to].y],
        ["stroke", predicateColor(e.predicate)], ["stroke-opacity", 0.6],
        ["stroke-width", e.width || 1.5]].forEach(function (a) { line.setAttribute(a[0], a[1]); });
      if (e.hedged) line.setAttribute("stroke-dasharray", "6 4");
      line.setAttribute("data-predicate", e.predicate);
      svg.appendChild(line);
    });
    g.ids.forEach(function (id) {
      var n = nodeById[id];
      var b = boxOf(id);
      var group = document.createElementNS(SVG, "g");
      group.setAttribute("transform", "translate(" + at[id].x + "," + at[id].y + ")");
      var shape;
      if (n.shape === "box") {
        shape = document.createElementNS(SVG, "rect");
        [["x", -b[0] / 2], ["y", -b[1] / 2], ["width", b[0]], ["height", b[1]], ["rx", 6]]
          .forEach(function (a) { shape.setAttribute(a[0], a[1]); });
      } else {
        shape = document.createElementNS(SVG, "circle");
        shape.setAttribute("r", n.size || 10);
      }
      shape.setAttribute("fill", n.color);
      group.appendChild(shape);
      var text = document.createElementNS(SVG, "text");
      text.textContent = String(n.label);
      text.setAttribute("text-anchor", "middle");
      text.setAttribute("font-size", n.font.size);
      text.setAttribute("dy", n.shape === "box" ? "0.35em" : (n.size || 10) + n.font.size);
      text.setAttribute("fill", n.shape === "box" ? "#ffffff" : "#1f2937");
      group.appendChild(text);
      svg.appendChild(group);
    });
    return new XMLSerializer().serializeToString(svg);
  }
  document.getElementById("export-svg").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([svgText()], { type: "image/svg+xml" }));
    download(url, slug() + ".svg");
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  });

  // -- permalink: the view in the address's fragment ----------------------------------------
  var writtenHash = "";
  // a fact by its IRI without the resource namespace (stable across pages), as nodes are
  var first = data.nodes[0];
  var namespace = first ? String(first.id).slice(0, String(first.id).length - first.short.length) : "";
  function factKey(e) {
    return e.fact && e.fact.indexOf(namespace) === 0 ? e.fact.slice(namespace.length) : e.id;
  }
  var factIds = {};
  data.edges.forEach(function (e) { factIds[factKey(e)] = e.id; });
  function writeHash() {
    if (reading) return;
    var parts = [];
    // each value's items percent-encoded, and joined by commas (kept readable)
    var put = function (key, value) {
      var items = Array.isArray(value) ? value : [value];
      parts.push(key + "=" + items.map(function (v) { return encodeURIComponent(String(v)); }).join(","));
    };
    if (focus && focus.node) put("node", nodeById[focus.node].short);
    if (focus && focus.edge) put("fact", factKey(edgeById[focus.edge]));
    var types = Object.keys(hiddenTypes).sort();
    if (types.length) put("hide-types", types);
    var predicates = Object.keys(hiddenPredicates).sort();
    if (predicates.length) put("hide", predicates);
    if (minConfidence > 0) put("confidence", minConfidence);
    if (minSupport > 1) put("support", minSupport);
    if (layoutKind !== "built") put("layout", layoutKind);
    if (shown) {
      var ids = Object.keys(shown).filter(function (id) { return shown[id]; });
      if (ids.length <= 300) put("show", ids.map(function (id) { return nodeById[id].short; }));
    }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash === writtenHash) return;
    writtenHash = hash;
    try {
      history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (e) {
      location.hash = hash;
    }
    document.body.dataset.hash = hash;
  }
  var reading = false;
  function readHash() {
    var params = {};
    var lists = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at <= 0) return;
      try {
        lists[part.slice(0, at)] = part.slice(at + 1).split(",").map(decodeURIComponent);
        params[part.slice(0, at)] = lists[part.slice(0, at)].join(",");
      } catch (e) { /* a broken fragment: ignored */ }
    });
    var list = function (key) { return lists[key] || []; };
    reading = true;
    resetFilters();
    list("hide-types").forEach(function (t) { if (typeStyle[t]) hiddenTypes[t] = true; });
    list("hide").forEach(function (p) { if (predicateStyle[p]) hiddenPredicates[p] = true; });
    document.querySelectorAll("#legend-types input").forEach(function (b) {
      b.checked = !hiddenTypes[b.dataset.key];
    });
    document.querySelectorAll("#legend-predicates input").forEach(function (b) {
      b.checked = !hiddenPredicates[b.dataset.key];
    });
    minConfidence = Math.min(1, Math.max(0, Number(params.confidence) || 0));
    minSupport = Math.min(mostSupport, Math.max(1, Math.round(Number(params.support) || 1)));
    setSliders();
    var keep = list("show").map(function (s) { return shortIds[s]; }).filter(Boolean);
    shown = null;
    if (keep.length) {
      shown = {};
      keep.forEach(function (id) { shown[id] = true; });
    }
    var before = layoutKind;
    layoutKind = params.layout === "force" || params.layout === "tree" ? params.layout : "built";
    applyFilters();
    if (layoutKind === "built" && before !== "built") relayout("built");
    reading = false;
    var node = shortIds[params.node];
    if (node && !hiddenNow[node]) selectNode(node, true);
    else if (factIds[params.fact] && !hiddenNow[factIds[params.fact]]) {
      selectEdge(factIds[params.fact]);
    } else writeHash();
  }
  document.getElementById("permalink").addEventListener("click", function () {
    writeHash();
    var button = document.getElementById("permalink");
    var done = function () { button.textContent = "Link copied"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(location.href).then(done, function () {
        button.textContent = "Link in the address bar";
      });
    } else {
      button.textContent = "Link in the address bar";
    }
  });

  // -- start ------------------------------------------------------------------------------
  document.getElementById("title").textContent = data.title;
  fitAll();
  readHash();
  window.addEventListener("hashchange", function () {
    if (location.hash !== writtenHash) readHash();
  });
  network.once("afterDrawing", function () {
    document.body.dataset.ready = "true";
  });

  window.drugkg = {
    network: network,
    nodes: nodes,
    edges: edges,
    data: data,
    find: find,
    selectNode: selectNode,
    selectEdge: selectEdge,
    applyFilters: applyFilters,
    expand: expand,
    collapse: collapse,
    relayout: relayout,
    // the nodes labelled in the last drawing, and the boxes of the page's own labels
    labelled: function () { return { nodes: labelled.slice(), boxes: ownBoxes.slice() }; },
    svg: svgText,
  };
})();
