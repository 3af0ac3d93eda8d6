// vankien lineage page: find a document, draw its lineage as a layered graph, show the evidence of an edge.
// Plain browser JavaScript, no build step and no library: the layout and the SVG are drawn here.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const NODE_W = 220, NODE_H = 76, GAP_X = 40, ROW_H = 146, PAD = 36, PER_LAYER = 42, MIN_SCALE = 0.7, LABEL_CHARS = 26;
  const COL = NODE_W + GAP_X, CENTRAL = "Trung ương", UNKNOWN = "(không rõ)";
  const RELATIONS = {
    IMPLEMENTS: "thực hiện", BASED_ON: "căn cứ", GUIDES: "hướng dẫn thực hiện", REVIEWS: "sơ kết, tổng kết",
    AMENDS: "sửa đổi, bổ sung", REPLACES: "thay thế", REPEALS: "bãi bỏ", DISCUSSES: "quán triệt, thảo luận",
  };
  const KINDS = { Document: "Văn kiện", Meeting: "Hội nghị", Body: "Cơ quan", Person: "Người" };
  const ENDED_BY = { REPLACES: "thay thế bởi", REPEALS: "bãi bỏ bởi" };
  const ENDED = "Hết hiệu lực / no longer in force";
  const ENDS = { source: "đầu quan hệ (nguồn)", target: "cuối quan hệ (đích)" };

  const $ = (id) => document.getElementById(id);
  const state = { id: null, data: null, shown: null, units: null, timeline: null, matrix: null, scale: 1, seq: 0, timer: null };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    for (const c of children) node.append(c);
    return node;
  }

  async function api(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const err = new Error((body && body.detail) || `HTTP ${res.status}`);
      err.problem = body;
      throw err;
    }
    return body;
  }

  function setStatus(text, problem) {
    const s = $("status");
    s.replaceChildren(text || "");
    s.classList.toggle("error", Boolean(problem));
    const sugg = problem && problem.suggestions;
    if (sugg && sugg.length) {
      s.append(" Có phải: ");
      sugg.forEach((x, i) => {
        if (i) s.append(", ");
        s.append(el("a", { href: `#doc=${encodeURIComponent(x.id)}` }, x.label));
      });
      s.append("?");
    }
  }

  // ------------------------------------------------------------------ search
  async function lookup(q) {
    const seq = ++state.seq;
    let items = [];
    try {
      items = (await api(`/resolve?q=${encodeURIComponent(q)}&limit=10`)).items;
      if (!items.length) items = (await api(`/search?q=${encodeURIComponent(q)}&kind=Document&limit=10`)).items;
    } catch (e) {
      if (seq === state.seq) setStatus(e.message, e.problem);
      return [];
    }
    if (seq !== state.seq) return null; // a newer query is on its way
    showResults(items, q);
    return items;
  }

  function showResults(items, q) {
    const ul = $("results");
    ul.replaceChildren();
    if (!items.length) {
      ul.append(el("li", { class: "empty" }, `Không tìm thấy văn kiện nào cho “${q}”.`));
      return;
    }
    for (const it of items) {
      const meta = [it.date || it.year, it.province, it.central ? "Trung ương" : null].filter(Boolean).join(" · ");
      ul.append(el("li", { role: "option" },
        el("button", { type: "button", class: "result", "data-id": it.id, onclick: () => pick(it.id) },
          el("span", { class: "r-label" }, it.label), el("span", { class: "r-meta" }, meta || it.id))));
    }
  }

  function pick(id) {
    $("results").replaceChildren();
    if (location.hash === `#doc=${encodeURIComponent(id)}`) load(id);
    else location.hash = `doc=${encodeURIComponent(id)}`;
  }

  // ------------------------------------------------------------------ formatting
  // "2014-08-18" → "18/08/2014", "2014-08" → "08/2014", 2014 → "2014"
  function fmtDate(d) {
    if (d === null || d === undefined || d === "") return "";
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(d));
    if (!m) return String(d);
    return [m[3], m[2], m[1]].filter(Boolean).join("/");
  }

  function badge() {
    return el("span", { class: "badge example", title: "Ví dụ của dự án (examples/), không phải bài báo thật" }, "ví dụ / example");
  }

  // ------------------------------------------------------------------ in force
  // what ends a document's force, one entry per replacing or repealing document:
  // "thay thế bởi Quy định 69-QĐ/TW (2022) từ 06/07/2022"; as links, or as plain text for a title
  function endedBy(list, since, links) {
    const out = [];
    (list || []).forEach((s, i) => {
      if (i) out.push("; ");
      const when = fmtDate(s.since || since);
      out.push(`${ENDED_BY[s.relation] || s.relation} `,
        links ? el("a", { href: `#doc=${encodeURIComponent(s.id)}`, class: "superseded-by", "data-id": s.id }, s.label) : s.label,
        when ? ` từ ${when}` : "");
    });
    return out;
  }

  function endedText(node) {
    return node.in_force === false ? `${ENDED}: ${endedBy(node.superseded_by, null, false).join("")}` : "";
  }

  // the documents of the shown lineage that are no longer in force, above the graph
  function showSuperseded(shown) {
    const box = $("superseded-note");
    const ended = shown.nodes.filter((n) => n.in_force === false);
    box.hidden = !ended.length;
    box.replaceChildren();
    if (!ended.length) return;
    box.append(el("p", {}, el("strong", {}, ended.length === 1 ? "Trong dòng văn kiện này có một văn kiện đã hết hiệu lực:"
      : `Trong dòng văn kiện này có ${ended.length} văn kiện đã hết hiệu lực:`)),
    el("ul", {}, ...ended.map((n) => el("li", { "data-id": n.id },
      n.id === shown.document.id ? el("strong", {}, n.label) : el("a", { href: `#doc=${encodeURIComponent(n.id)}` }, n.label),
      " — ", ...endedBy(n.superseded_by, null, true)))));
  }

  // an evidence sentence, whole, with the mentions of the relation's two ends marked: each a <mark>
  // of its role's class whose title names the document. Offsets are the source's (code points);
  // a mark whose offsets do not fall on its text inside the sentence is looked for by its text.
  function markedSentence(ev, labels) {
    const text = ev.text || "", chars = Array.from(text);
    const spans = [];
    for (const m of ev.marks || []) {
      let a = m.start - ev.start, b = m.end - ev.start;
      if (a < 0 || b > chars.length || chars.slice(a, b).join("") !== m.text) {
        const i = m.text ? text.indexOf(m.text) : -1;
        if (i < 0) continue;
        a = Array.from(text.slice(0, i)).length;
        b = a + Array.from(m.text).length;
      }
      if (spans.some((x) => a < x.b && x.a < b)) continue; // overlapping marks: keep the first
      spans.push({ a, b, m });
    }
    spans.sort((x, y) => x.a - y.a);
    const out = [];
    let at = 0;
    for (const { a, b, m } of spans) {
      if (a > at) out.push(chars.slice(at, a).join(""));
      const label = labels.get(m.node) || m.node;
      out.push(el("mark", { class: `end end-${m.role}`, title: `${label} — ${ENDS[m.role] || m.role}`,
        "data-node": m.node, "data-role": m.role }, chars.slice(a, b).join("")));
      at = b;
    }
    if (at < chars.length) out.push(chars.slice(at).join(""));
    return out;
  }

  // ------------------------------------------------------------------ lineage
  async function load(id) {
    state.id = id;
    setStatus("Đang tải…");
    let data;
    try {
      data = await api(`/documents/${encodeURIComponent(id)}/lineage?up=${$("up").value}&down=${$("down").value}`);
    } catch (e) {
      setStatus(e.message, e.problem);
      return;
    }
    if (state.id !== id) return;
    state.data = data;
    const d = data.document;
    $("doc").hidden = false;
    $("workspace").hidden = false;
    showHeader(d, null);
    fillFilters(data);
    $("evidence-body").replaceChildren(el("p", { class: "hint" }, "Bấm vào một cạnh của đồ thị."));
    showExports(d.id);
    redraw();
    const [detail, units, timeline] = await Promise.all([
      d.kind === "Document" ? api(`/documents/${encodeURIComponent(d.id)}`).catch(() => null) : null,
      api(`/provinces${asOf(d) ? "?at=" + asOf(d) : ""}`).catch(() => null),
      api(`/documents/${encodeURIComponent(d.id)}/timeline?depth=${Math.min(4, Number($("down").value))}`).catch(() => null),
    ]);
    if (state.id !== id) return;
    state.units = units;
    state.timeline = timeline;
    if (detail) showHeader(d, detail);
    redraw();
  }

  function asOf(d) {
    if (d.date && /^\d{4}-\d{2}-\d{2}/.test(d.date)) return d.date.slice(0, 10);
    return d.year ? `${d.year}-01-01` : null;
  }

  // the document's header: type, number and symbol, trích yếu, issuer, term, date, sources
  function showHeader(d, detail) {
    const doc = detail ? detail.document : {};
    $("doc-kind").textContent = (detail && detail.kind_label) || KINDS[d.kind] || d.kind;
    $("doc-title").textContent = d.label;
    $("doc-trich-yeu").textContent = doc.title ? `V/v ${doc.title}` : "";
    $("doc-trich-yeu").hidden = !doc.title;
    const force = detail ? detail.in_force || {} : { in_force: d.in_force, since: null, superseded_by: d.superseded_by };
    const ended = force.in_force === false;
    $("doc-in-force").hidden = !ended;
    $("doc-in-force").replaceChildren(...(ended ? [el("strong", { class: "badge ended" }, ENDED), " — ",
      ...endedBy(force.superseded_by, force.since, true)] : []));
    const facts = [
      ["Số, ký hiệu", doc.number && doc.symbol ? `${doc.number}-${doc.symbol}` : doc.symbol || doc.number],
      ["Cơ quan ban hành", (detail && detail.issuer_label) || doc.issuer],
      ["Khóa", doc.term],
      ["Ngày ban hành", fmtDate(doc.issued || d.date || d.year)],
      ["Tỉnh, thành phố", d.province || (d.central ? "Trung ương" : null)],
      ["Mã", d.id],
    ];
    $("doc-facts").replaceChildren(...facts.filter((f) => f[1]).flatMap(([k, v]) => [el("dt", {}, k),
      el("dd", {}, k === "Mã" ? el("a", { href: `/documents/${encodeURIComponent(d.id)}` }, v) : v)]));
    const box = $("doc-sources");
    const sources = (detail && detail.sources) || [];
    box.hidden = !detail;
    $("doc-sources-h").textContent = detail ? `Nguồn ghi nhận văn kiện này (${detail.source_count})` : "Nguồn";
    $("doc-sources-list").replaceChildren(...sources.map((s) => el("li", { "data-source": s.id },
      el("a", { href: `/sources/${encodeURIComponent(s.id)}/view` }, s.title || s.id),
      s.published ? ` · ${fmtDate(s.published)}` : "", s.example ? " " : "", s.example ? badge() : null)));
    if (detail && detail.source_count > sources.length) {
      $("doc-sources-list").append(el("li", { class: "hint" }, `… và ${detail.source_count - sources.length} nguồn nữa`));
    }
  }

  function showExports(id) {
    const depth = Math.max(Number($("up").value), Number($("down").value));
    const q = `document=${encodeURIComponent(id)}&depth=${Math.min(3, depth)}`;
    const links = [
      ["GraphML", `/exports/graph.graphml?${q}`], ["CSV nút", `/exports/nodes.csv?${q}`],
      ["CSV cạnh", `/exports/edges.csv?${q}`], ["Turtle", `/export?format=ttl&document=${encodeURIComponent(id)}&depth=${depth}`],
    ];
    $("exports").replaceChildren(`Tải vùng lân cận (${Math.min(3, depth)} bước quanh văn kiện): `,
      ...links.flatMap(([t, href], i) => [i ? " · " : "", el("a", { href, class: "export", download: "", "data-format": t }, t)]));
  }

  // ------------------------------------------------------------------ filters
  function fillFilters(data) {
    const types = [...new Set(data.edges.map((e) => e.type))].sort();
    const box = (t) => el("label", { class: `f-type type-${t}` },
      el("input", { type: "checkbox", name: "type", value: t, checked: true }), ` ${RELATIONS[t] || t}`);
    $("f-types").replaceChildren($("f-types").querySelector("legend"), ...types.filter((t) => t !== "DISCUSSES").map(box));
    $("f-discuss").replaceChildren($("f-discuss").querySelector("legend"),
      types.includes("DISCUSSES") ? box("DISCUSSES") : el("span", { class: "hint" }, "không có"));
    const provinces = [...new Set(data.nodes.map((n) => n.province).filter(Boolean))].sort((a, b) => a.localeCompare(b, "vi"));
    const sel = $("f-province");
    const keep = sel.value;
    sel.replaceChildren(el("option", { value: "" }, "Tất cả"), ...provinces.map((p) => el("option", { value: p }, p)));
    sel.value = provinces.includes(keep) ? keep : "";
  }

  function filters() {
    return {
      types: new Set([...document.querySelectorAll("#filters input[name=type]:checked")].map((x) => x.value)),
      from: Number($("f-from").value) || null, to: Number($("f-to").value) || null,
      province: $("f-province").value, conf: Number($("f-conf").value) || 0,
    };
  }

  // what the filters leave: the edges of a checked type and enough confidence between nodes that pass,
  // and the nodes still linked to the document through them. Ancestors (above) pass any year or province.
  function applyFilters(data, f) {
    const passNode = (n) => {
      if (n.id === data.document.id || n.layer < 0) return true;
      if (f.province && n.province !== f.province) return false;
      if ((f.from || f.to) && !n.year) return false;
      if (f.from && n.year < f.from) return false;
      if (f.to && n.year > f.to) return false;
      return true;
    };
    const nodes = new Map(data.nodes.filter(passNode).map((n) => [n.id, n]));
    let edges = data.edges.filter((e) => f.types.has(e.type) && e.confidence >= f.conf - 1e-9 && nodes.has(e.source) && nodes.has(e.target));
    const adj = new Map();
    for (const e of edges) for (const [a, b] of [[e.source, e.target], [e.target, e.source]]) {
      if (!adj.has(a)) adj.set(a, []);
      adj.get(a).push(b);
    }
    const seen = new Set([data.document.id]);
    const todo = [data.document.id];
    while (todo.length) for (const m of adj.get(todo.pop()) || []) if (!seen.has(m)) { seen.add(m); todo.push(m); }
    edges = edges.filter((e) => seen.has(e.source) && seen.has(e.target));
    return { ...data, nodes: data.nodes.filter((n) => seen.has(n.id)), edges };
  }

  function redraw() {
    if (!state.data) return;
    const f = filters();
    $("f-conf-out").textContent = `${Math.round(f.conf * 100)}%`;
    const shown = applyFilters(state.data, f);
    state.shown = shown;
    const n = shown.nodes.length - 1, all = state.data.nodes.length - 1;
    setStatus(all ? `${all} văn kiện, hội nghị liên quan${state.data.truncated ? " (đã cắt bớt)" : ""}.`
      : "Chưa ghi nhận văn kiện nào liên quan.");
    $("f-count").textContent = n === all ? `Hiện tất cả ${all} nút.` : `Hiện ${n} trên ${all} nút.`;
    showSuperseded(shown);
    drawGraph(shown);
    drawMatrix(shown);
    drawTimeline(shown, f);
  }

  // ------------------------------------------------------------------ graph
  // Nodes sit on a grid of columns; a layer too wide for one row wraps onto more rows. An edge between
  // rows that are not next to each other never passes behind a node: it climbs in the gaps between rows
  // and in the lanes between columns.
  function layout(data) {
    const room = ($("graph").clientWidth || 900) / 0.8;
    const PER_ROW = Math.max(2, Math.min(8, Math.floor((room - 2 * PAD + GAP_X) / COL)));
    const byLayer = new Map();
    for (const n of data.nodes) {
      if (!byLayer.has(n.layer)) byLayer.set(n.layer, []);
      byLayer.get(n.layer).push(n);
    }
    const adj = new Map();
    for (const e of data.edges) {
      for (const [a, b] of [[e.source, e.target], [e.target, e.source]]) {
        if (!adj.has(a)) adj.set(a, []);
        adj.get(a).push(b);
      }
    }
    const pos = new Map();
    const layers = [...byLayer.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
    const rows = [];
    for (const layer of layers) {
      let nodes = byLayer.get(layer);
      // barycentre: order by the mean position of neighbours already placed (nearer the document)
      const bary = (n) => {
        const xs = (adj.get(n.id) || []).filter((m) => pos.has(m)).map((m) => pos.get(m).x);
        return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Infinity;
      };
      nodes = nodes.map((n) => [bary(n), n]).sort((a, b) => a[0] - b[0] || a[1].label.localeCompare(b[1].label)).map((p) => p[1]);
      let more = 0;
      if (nodes.length > PER_LAYER) { more = nodes.length - PER_LAYER; nodes = nodes.slice(0, PER_LAYER); }
      const chunks = [];
      for (let i = 0; i < nodes.length; i += PER_ROW) chunks.push(nodes.slice(i, i + PER_ROW));
      if (layer < 0) chunks.reverse();
      chunks.forEach((chunk, i) => rows.push({ layer, sub: layer < 0 ? -i : i, nodes: chunk,
        more: i === (layer < 0 ? 0 : chunks.length - 1) ? more : 0 }));
      chunks.flat().forEach((n, i) => pos.set(n.id, { x: (i % PER_ROW) * COL, y: 0, node: n }));
    }
    rows.sort((a, b) => a.layer - b.layer || a.sub - b.sub);
    const cols = Math.max(1, ...rows.map((r) => r.nodes.length + (r.more ? 1 : 0)));
    const width = cols * COL - GAP_X + 2 * PAD;
    rows.forEach((r, i) => {
      const count = r.nodes.length + (r.more ? 1 : 0);
      const first = Math.floor((cols - count) / 2); // whole columns, so that the lanes between them stay clear
      r.nodes.forEach((n, j) => pos.set(n.id, { x: PAD + (first + j) * COL, y: PAD + i * ROW_H, row: i, node: n }));
      if (r.more) r.moreAt = { x: PAD + (first + r.nodes.length) * COL, y: PAD + i * ROW_H };
    });
    return { pos, rows, cols, width, height: PAD * 2 + rows.length * ROW_H - (ROW_H - NODE_H) };
  }

  // the path of an edge from a to b: a curve between neighbouring rows, else through gaps and lanes
  function route(a, b, i, cols) {
    const x1 = a.x + NODE_W / 2, x2 = b.x + NODE_W / 2, gap = ROW_H - NODE_H;
    const jig = ((i % 5) - 2) * 5;
    if (a.row === b.row) {
      const y = a.y - gap / 2 + jig;
      return { d: `M${x1},${a.y} L${x1},${y} L${x2},${y} L${x2},${b.y}`, at: [(x1 + x2) / 2, y] };
    }
    const upward = a.row > b.row;
    const y1 = upward ? a.y : a.y + NODE_H, y2 = upward ? b.y + NODE_H : b.y;
    if (Math.abs(a.row - b.row) === 1) {
      const ym = (y1 + y2) / 2;
      const bow = Math.abs(x1 - x2) < 1 ? 14 : 0;
      return { d: `M${x1},${y1} C${x1 + bow},${ym} ${x2 + bow},${ym} ${x2},${y2}`, at: [(x1 + x2) / 2 + bow * 0.75, ym] };
    }
    const s = upward ? -1 : 1;
    const ga = y1 + s * (gap / 2) + jig, gb = y2 - s * (gap / 2) + jig;
    const lane = Math.max(0, Math.min(cols, Math.round(((x1 + x2) / 2 - PAD + GAP_X / 2) / COL)));
    const lx = PAD + lane * COL - GAP_X / 2 + ((i % 3) - 1) * 4;
    return { d: `M${x1},${y1} L${x1},${ga} L${lx},${ga} L${lx},${gb} L${x2},${gb} L${x2},${y2}`, at: [lx, (ga + gb) / 2] };
  }

  // a label cut at a word, never inside one: "Chỉ thị 03" is never shown as "Chỉ thị 0…"
  function wrap(text, width, lines) {
    const words = String(text).split(/\s+/).filter(Boolean);
    const out = [];
    let i = 0;
    while (i < words.length && out.length < lines) {
      let cur = words[i++];
      while (i < words.length && (cur + " " + words[i]).length <= width) cur += " " + words[i++];
      out.push(cur);
    }
    if (i < words.length && out.length) {
      const last = out.pop().split(" ");
      while (last.length > 1 && (last.join(" ") + " …").length > width) last.pop();
      out.push(last.join(" ") + " …");
    }
    return out;
  }

  function drawGraph(data) {
    const box = $("graph");
    const { pos, rows, cols, width, height } = layout(data);
    state.size = { width, height };
    const root = svg("svg", { id: "graph-svg", viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": `Đồ thị dòng văn kiện của ${data.document.label}` });
    const defs = svg("defs");
    for (const t of ["default", "selected"]) {
      defs.append(svg("marker", { id: `arrow-${t}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse",
        orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", class: `arrow arrow-${t}` })));
    }
    root.append(defs);
    const edgeLayer = svg("g", { class: "edges" });
    const countLayer = svg("g", { class: "counts" });
    const nodeLayer = svg("g", { class: "nodes" });
    root.append(edgeLayer, nodeLayer, countLayer);
    const types = new Set();
    data.edges.forEach((e, i) => {
      const a = pos.get(e.source), b = pos.get(e.target);
      if (!a || !b) return;
      types.add(e.type);
      const { d, at } = route(a, b, i, cols);
      const n = e.sources === null || e.sources === undefined ? e.evidence.length : e.sources;
      const label = `${a.node.label} — ${RELATIONS[e.type] || e.type} → ${b.node.label} (${n} nguồn)`;
      const g = svg("g", { class: `edge type-${e.type}`, tabindex: 0, role: "button", "data-index": i,
        "data-source": e.source, "data-target": e.target, "data-type": e.type, "data-sources": n, "aria-label": label },
      svg("title", {}, label),
      svg("path", { d, class: "line", "marker-end": "url(#arrow-default)" }),
      svg("path", { d, class: "hit" }));
      g.addEventListener("click", () => showEdge(e, g));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showEdge(e, g); } });
      edgeLayer.append(g);
      const c = svg("g", { class: `count type-${e.type}`, transform: `translate(${at[0]},${at[1]})`, "data-index": i },
        svg("title", {}, `${n} nguồn ghi nhận`), svg("circle", { r: 9 }), svg("text", { y: 4 }, String(n)));
      c.addEventListener("click", () => showEdge(e, g));
      countLayer.append(c);
    });
    for (const { x, y, node } of pos.values()) {
      if (!rows.some((r) => r.nodes.includes(node))) continue;
      const isRoot = node.id === data.document.id;
      const ended = endedText(node);
      const cls = ["node", `kind-${node.kind}`, node.central ? "central" : "", isRoot ? "root" : "", node.resolved === false ? "unresolved" : "",
        ended ? "superseded" : ""];
      const meta = [fmtDate(node.date || node.year), node.province].filter(Boolean).join(" · ");
      const g = svg("g", { class: cls.filter(Boolean).join(" "), transform: `translate(${x},${y})`, tabindex: 0, role: "button",
        "data-id": node.id, "data-label": node.label, "aria-label": `${node.label}${meta ? ", " + meta : ""}${ended ? ". " + ended : ""}` },
      svg("title", {}, `${node.label}\n${node.id}${meta ? "\n" + meta : ""}${ended ? "\n" + ended : ""}`),
      svg("rect", { width: NODE_W, height: NODE_H, rx: 8 }));
      wrap(node.label, LABEL_CHARS, 3).forEach((line, i) => g.append(svg("text", { x: 10, y: 19 + i * 15, class: "label" }, line)));
      g.append(svg("text", { x: 10, y: NODE_H - 7, class: "sub" }, meta || KINDS[node.kind] || node.kind));
      if (ended) {
        g.append(svg("g", { class: "ended-badge", transform: `translate(${NODE_W - 82},${NODE_H - 20})` },
          svg("rect", { width: 76, height: 16, rx: 8 }), svg("text", { x: 38, y: 12 }, "hết hiệu lực")));
      }
      g.addEventListener("mouseenter", () => showTip(g, node, meta));
      g.addEventListener("focus", () => showTip(g, node, meta));
      g.addEventListener("mouseleave", hideTip);
      g.addEventListener("blur", hideTip);
      if (!isRoot) {
        g.addEventListener("click", () => pick(node.id));
        g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") pick(node.id); });
      }
      nodeLayer.append(g);
    }
    for (const r of rows) {
      if (!r.more) continue;
      nodeLayer.append(svg("g", { class: "node more", transform: `translate(${r.moreAt.x},${r.moreAt.y})` },
        svg("rect", { width: NODE_W, height: NODE_H, rx: 8 }),
        svg("text", { x: 10, y: 38, class: "label" }, `+${r.more} nút nữa (xem bảng dưới)`)));
    }
    box.replaceChildren(root);
    hideTip();
    zoom(0);
    $("legend").replaceChildren(...[...types].sort().map((t) => el("span", { class: `key type-${t}` }, RELATIONS[t] || t)));
  }

  // the full label of a node, above it, on hover and on keyboard focus
  function showTip(g, node, meta) {
    const tip = $("tip");
    const ended = endedText(node);
    tip.replaceChildren(el("strong", {}, node.label), meta ? el("span", {}, meta) : "", ended ? el("span", { class: "tip-ended" }, ended) : "",
      el("code", {}, node.id));
    tip.hidden = false;
    const r = g.getBoundingClientRect(), host = tip.offsetParent ? tip.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    const left = Math.max(0, Math.min(r.left - host.left, (tip.offsetParent || document.body).clientWidth - tip.offsetWidth));
    tip.style.left = `${left}px`;
    tip.style.top = `${Math.max(0, r.top - host.top - tip.offsetHeight - 6)}px`;
  }

  function hideTip() { $("tip").hidden = true; }

  function zoom(step) {
    const s = state.size;
    if (!s) return;
    const box = $("graph");
    if (step === 0) state.scale = Math.max(MIN_SCALE, Math.min(1, (box.clientWidth - 4) / s.width)) || 1;
    else state.scale = Math.max(0.2, Math.min(3, state.scale * (step > 0 ? 1.25 : 0.8)));
    const root = $("graph-svg");
    root.setAttribute("width", Math.round(s.width * state.scale));
    root.setAttribute("height", Math.round(s.height * state.scale));
  }

  function showEdge(e, g) {
    document.querySelectorAll("#graph .edge.selected").forEach((x) => {
      x.classList.remove("selected");
      x.querySelector(".line").setAttribute("marker-end", "url(#arrow-default)");
    });
    g.classList.add("selected");
    g.querySelector(".line").setAttribute("marker-end", "url(#arrow-selected)");
    const nodes = new Map(state.data.nodes.map((n) => [n.id, n]));
    const a = nodes.get(e.source), b = nodes.get(e.target);
    const body = $("evidence-body");
    body.replaceChildren(
      el("p", { class: "relation" },
        el("a", { href: `#doc=${encodeURIComponent(e.source)}` }, a ? a.label : e.source),
        el("span", { class: `rel type-${e.type}` }, ` ${RELATIONS[e.type] || e.type} `),
        el("a", { href: `#doc=${encodeURIComponent(e.target)}` }, b ? b.label : e.target)),
      el("p", { class: "meta" }, `Độ tin cậy ${Math.round(e.confidence * 100)}% · ${e.sources ?? e.evidence.length} nguồn`));
    const roles = new Set(e.evidence.flatMap((ev) => (ev.marks || []).map((m) => m.role)));
    const keys = [["source", a ? a.label : e.source], ["target", b ? b.label : e.target]].filter(([r]) => roles.has(r));
    if (keys.length) {
      body.append(el("p", { class: "mark-key hint" }, "Trong câu: ",
        ...keys.flatMap(([r, label], i) => [i ? " · " : "", el("mark", { class: `end end-${r}` }, label)])));
    }
    if (!e.evidence.length) body.append(el("p", { class: "hint" }, "Không có câu văn làm căn cứ."));
    const labels = new Map(state.data.nodes.map((n) => [n.id, n.label]));
    for (const ev of e.evidence) {
      const href = `/sources/${encodeURIComponent(ev.source)}/view?start=${ev.start}&end=${ev.end}#focus`;
      body.append(el("figure", { class: "quote" },
        ev.own_text ? el("p", { class: "badge own-text", title: "Câu văn này là văn bản của chính văn kiện nguồn (chẳng hạn phần “Căn cứ …”), không phải tin về nó" },
          "văn bản gốc / the document's own text") : null,
        el("blockquote", { class: "evidence-text", cite: href }, ...markedSentence(ev, labels)),
        el("figcaption", {}, ev.example ? badge() : null, ev.example ? " " : null,
          el("a", { href, target: "_blank", rel: "noopener", class: "source-link" }, "Xem trong văn bản nguồn"),
          ` · ${ev.source} · ký tự ${ev.start}–${ev.end}${ev.rule ? " · quy tắc " + ev.rule : ""}`)));
    }
  }

  // ------------------------------------------------------------------ matrix
  // the shown implementations by province (a "Trung ương" row for central ones) and year,
  // and the units in force on the document's date with none recorded
  function matrixOf(data) {
    const cells = new Map();
    const years = new Set();
    for (const n of data.nodes) {
      if (n.layer <= 0) continue;
      const row = n.central ? CENTRAL : n.province || UNKNOWN;
      const col = n.year ? String(n.year) : UNKNOWN;
      years.add(col);
      if (!cells.has(row)) cells.set(row, new Map());
      const r = cells.get(row);
      if (!r.has(col)) r.set(col, []);
      r.get(col).push(n.id);
    }
    const rank = (p) => (p === CENTRAL ? 0 : p === UNKNOWN ? 2 : 1);
    const rows = [...cells.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "vi"));
    const columns = [...years].sort((a, b) => (a === UNKNOWN) - (b === UNKNOWN) || a.localeCompare(b));
    return { rows, columns, cells };
  }

  function missingUnits(data) {
    const u = state.units;
    if (!u) return null;
    const unitOf = new Map();
    for (const x of u.units) for (const name of [x.name, ...x.former]) unitOf.set(name, x.name);
    const covered = new Set(data.nodes.filter((n) => n.layer > 0 && n.province).map((n) => unitOf.get(n.province)).filter(Boolean));
    return { as_of: u.as_of, count: u.count, missing: u.units.map((x) => x.name).filter((x) => !covered.has(x)) };
  }

  function drawMatrix(data) {
    const m = matrixOf(data);
    state.matrix = m;
    const box = $("matrix");
    $("matrix-csv").disabled = !m.rows.length;
    if (!m.rows.length) box.replaceChildren(el("p", { class: "hint" }, "Chưa ghi nhận việc thực hiện nào."));
    else {
      const labels = new Map(data.nodes.map((n) => [n.id, n.label]));
      const head = el("tr", {}, el("th", { scope: "col" }, "Tỉnh, thành phố"), ...m.columns.map((c) => el("th", { scope: "col" }, c)),
        el("th", { scope: "col" }, "Cộng"));
      const body = m.rows.map((p) => {
        const row = m.cells.get(p);
        const cells = m.columns.map((y) => {
          const ids = row.get(y) || [];
          if (!ids.length) return el("td", { class: "zero" }, "");
          return el("td", { class: "hit", title: ids.map((i) => labels.get(i) || i).join("\n") },
            el("button", { type: "button", "aria-label": `${p}, ${y}: ${ids.length}`, onclick: () => showCell(p, y, ids, labels) }, String(ids.length)));
        });
        const total = [...row.values()].reduce((a, ids) => a + ids.length, 0);
        return el("tr", { class: p === CENTRAL ? "central-row" : null }, el("th", { scope: "row" }, p), ...cells,
          el("td", { class: "total" }, String(total)));
      });
      box.replaceChildren(el("table", { class: "matrix-table" }, el("thead", {}, head), el("tbody", {}, ...body)));
    }
    const miss = missingUnits(data);
    const out = $("matrix-missing");
    if (!miss) { out.replaceChildren(); return; }
    const when = miss.as_of ? ` (danh mục ${miss.count} tỉnh, thành phố tại ${fmtDate(miss.as_of)})` : ` (danh mục ${miss.count} tỉnh, thành phố trước 1/7/2025)`;
    out.replaceChildren(el("strong", {}, `Chưa ghi nhận ở ${miss.missing.length}/${miss.count}${when}: `),
      miss.missing.length ? miss.missing.join(", ") : "không còn tỉnh, thành phố nào.");
    out.dataset.missing = String(miss.missing.length);
    out.dataset.units = String(miss.count);
  }

  function csvCell(v) {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }

  // the matrix as it is shown, as CSV (with a byte-order mark, so that spreadsheets read it as UTF-8)
  function downloadMatrix() {
    const m = state.matrix;
    if (!m || !m.rows.length) return;
    const lines = [["Tỉnh, thành phố", ...m.columns, "Cộng"]];
    for (const p of m.rows) {
      const row = m.cells.get(p);
      const counts = m.columns.map((y) => (row.get(y) || []).length);
      lines.push([p, ...counts, counts.reduce((a, b) => a + b, 0)]);
    }
    const miss = missingUnits(state.shown);
    if (miss) for (const p of miss.missing) lines.push([p, ...m.columns.map(() => 0), 0]);
    const text = "\ufeff" + lines.map((l) => l.map(csvCell).join(",")).join("\r\n") + "\r\n";
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    const a = el("a", { href: url, download: `vankien-${state.data.document.id.replace(/[^\w.-]+/g, "-")}-tinh-nam.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  function showCell(province, year, ids, labels) {
    $("evidence-body").replaceChildren(el("p", { class: "relation" }, `${province} · ${year}`),
      el("ul", { class: "cell-list" }, ...ids.map((i) => el("li", {}, el("a", { href: `#doc=${encodeURIComponent(i)}` }, labels.get(i) || i)))));
  }

  // ------------------------------------------------------------------ timeline
  function drawTimeline(shown, f) {
    const box = $("timeline");
    const t = state.timeline;
    if (!t) { box.replaceChildren(el("p", { class: "hint" }, "Đang tải…")); return; }
    const keep = new Set(shown.nodes.map((n) => n.id));
    const events = t.events.filter((ev) => ev.relation === "ISSUED" || (f.types.has(ev.relation) && passYear(ev.node, f)
      && (!f.province || ev.node.province === f.province) && (!ev.via || ev.via.confidence >= f.conf - 1e-9)));
    const byYear = new Map();
    for (const ev of events) {
      const y = ev.node.year ? String(ev.node.year) : UNKNOWN;
      if (!byYear.has(y)) byYear.set(y, []);
      byYear.get(y).push(ev);
    }
    const label = (r) => (r === "ISSUED" ? "ban hành" : RELATIONS[r] || r);
    box.replaceChildren(...[...byYear].map(([y, evs]) => el("section", { class: "year" }, el("h4", {}, y),
      el("ol", {}, ...evs.map((ev) => el("li", { class: `event kind-${ev.node.kind}`, "data-id": ev.node.id },
        el("time", { datetime: ev.node.date || ev.node.year || "" }, fmtDate(ev.node.date) || "—"), " ",
        el("span", { class: `rel type-${ev.relation}` }, label(ev.relation)), " ",
        ev.node.id === t.document.id ? el("strong", {}, ev.node.label) : el("a", { href: `#doc=${encodeURIComponent(ev.node.id)}` }, ev.node.label),
        ev.node.province ? el("span", { class: "hint" }, ` · ${ev.node.province}`) : null,
        ev.node.in_force === false ? [" ", el("span", { class: "badge ended", title: endedText(ev.node) }, "hết hiệu lực")] : null))))));
    if (!events.length) box.append(el("p", { class: "hint" }, "Không có sự kiện nào."));
  }

  function passYear(n, f) {
    if (!f.from && !f.to) return true;
    if (!n.year) return false;
    return (!f.from || n.year >= f.from) && (!f.to || n.year <= f.to);
  }

  // ------------------------------------------------------------------ wiring
  function fromHash() {
    const m = /^#doc=(.+)$/.exec(location.hash);
    if (m) load(decodeURIComponent(m[1]));
  }

  function init() {
    const q = $("q");
    q.addEventListener("input", () => {
      clearTimeout(state.timer);
      const v = q.value.trim();
      if (!v) { $("results").replaceChildren(); return; }
      state.timer = setTimeout(() => lookup(v), 220);
    });
    $("search-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const v = q.value.trim();
      if (!v) return;
      clearTimeout(state.timer);
      const items = await lookup(v);
      if (items && items.length === 1) pick(items[0].id);
    });
    q.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") { const b = document.querySelector("#results button"); if (b) { ev.preventDefault(); b.focus(); } }
    });
    $("results").addEventListener("keydown", (ev) => {
      const items = [...document.querySelectorAll("#results button")];
      const i = items.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" && i < items.length - 1) { ev.preventDefault(); items[i + 1].focus(); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? items[i - 1] : q).focus(); }
      if (ev.key === "Escape") { $("results").replaceChildren(); q.focus(); }
    });
    document.querySelectorAll("button.example").forEach((b) => b.addEventListener("click", () => {
      q.value = b.textContent;
      q.focus();
      lookup(q.value);
    }));
    $("zoom-in").addEventListener("click", () => zoom(1));
    $("zoom-out").addEventListener("click", () => zoom(-1));
    $("zoom-reset").addEventListener("click", () => zoom(0));
    for (const id of ["up", "down"]) $(id).addEventListener("change", () => state.id && load(state.id));
    const filters = $("filters");
    filters.addEventListener("change", redraw);
    filters.addEventListener("input", (ev) => { if (ev.target.id === "f-conf") redraw(); });
    filters.addEventListener("submit", (ev) => ev.preventDefault());
    filters.addEventListener("reset", () => setTimeout(redraw, 0));
    $("matrix-csv").addEventListener("click", downloadMatrix);
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
