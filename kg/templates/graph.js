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

  function updateStats() {
    var shownNodes = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    var shownEdges = edges.get({ filter: function (e) { return !e.hidden; } }).length;
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
      var hidden = !!(hiddenPredicates[e.predicate] ||
        hiddenTypes[nodeById[e.from].type] || hiddenTypes[nodeById[e.to].type]);
      if (!hidden) {
        visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
        visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      }
      if (!!edges.get(e.id).hidden !== hidden) edgeChanges.push({ id: e.id, hidden: hidden });
    });
    var nodeChanges = [];
    data.nodes.forEach(function (n) {
      var hidden = !!(hiddenTypes[n.type] || (edgesOf[n.id].length && !visibleDegree[n.id]));
      if (!!nodes.get(n.id).hidden !== hidden) nodeChanges.push({ id: n.id, hidden: hidden });
    });
    edges.update(edgeChanges);
    nodes.update(nodeChanges);
    updateStats();
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
    if (nodes.get(id).hidden) {
      hiddenTypes = {};
      hiddenPredicates = {};
      document.querySelectorAll("#legend input").forEach(function (b) { b.checked = true; });
      applyFilters();
    }
    network.selectNodes([id]);
    highlightNode(id);
    var scale = Math.max(network.getScale(), zoom === false ? 0 : 1.1);
    network.focus(id, { scale: scale, animation: { duration: 500, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }
  function selectEdge(id) {
    var edge = edgeById[id];
    if (!edge) return;
    network.selectEdges([id]);
    highlight([edge.from, edge.to], [id]);
    network.fit({ nodes: [edge.from, edge.to], animation: { duration: 500 } });
    showEdge(id);
  }

  network.on("click", function (params) {
    hideTooltip();
    if (params.nodes.length) {
      highlightNode(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      var edge = edgeById[params.edges[0]];
      highlight([edge.from, edge.to], [edge.id]);
      showEdge(params.edges[0]);
    } else {
      unhighlight();
      clearDetails();
      delete details.dataset.showing;
    }
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
    return exact || synonym || partial;
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
    fitAll();
  });

  // -- start ------------------------------------------------------------------------------
  document.getElementById("title").textContent = data.title;
  updateStats();
  network.once("afterDrawing", function () {
    document.body.dataset.ready = "true";
  });
  fitAll();

  window.drugkg = {
    network: network,
    nodes: nodes,
    edges: edges,
    data: data,
    find: find,
    selectNode: selectNode,
    selectEdge: selectEdge,
    applyFilters: applyFilters,
  };
})();
