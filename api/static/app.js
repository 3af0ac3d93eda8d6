// vankien lineage page: find a document, draw its lineage as a layered graph, show the evidence of an edge.
// Plain browser JavaScript, no build step and no library: the layout and the SVG are drawn here.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const NODE_W = 210, NODE_H = 58, GAP_X = 26, ROW_H = 118, PAD = 30, PER_LAYER = 42, MIN_SCALE = 0.7;
  const RELATIONS = {
    IMPLEMENTS: "thực hiện", BASED_ON: "căn cứ", GUIDES: "hướng dẫn thực hiện", REVIEWS: "sơ kết, tổng kết",
    AMENDS: "sửa đổi, bổ sung", REPLACES: "thay thế", REPEALS: "bãi bỏ", DISCUSSES: "quán triệt, thảo luận",
  };
  const KINDS = { Document: "Văn kiện", Meeting: "Hội nghị", Body: "Cơ quan", Person: "Người" };

  const $ = (id) => document.getElementById(id);
  const state = { id: null, data: null, scale: 1, seq: 0, timer: null, nodes: new Map() };

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
    $("doc-title").textContent = d.label;
    $("doc-meta").replaceChildren(
      [KINDS[d.kind] || d.kind, d.date || d.year, d.province, d.central ? "văn kiện Trung ương" : null]
        .filter(Boolean).join(" · "), " · ", el("a", { href: `/documents/${encodeURIComponent(d.id)}` }, d.id));
    const n = data.nodes.length - 1;
    setStatus(n ? `${n} văn kiện, hội nghị liên quan${data.truncated ? " (đã cắt bớt)" : ""}.`
      : "Chưa ghi nhận văn kiện nào liên quan.");
    $("evidence-body").replaceChildren(el("p", { class: "hint" }, "Bấm vào một cạnh của đồ thị."));
    drawGraph(data);
    drawMatrix(data);
  }

  function layout(data) {
    // as many nodes a row as fit the panel at a readable scale (3 to 8)
    const room = ($("graph").clientWidth || 900) / 0.8;
    const PER_ROW = Math.max(3, Math.min(8, Math.floor((room - 2 * PAD + GAP_X) / (NODE_W + GAP_X))));
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
      chunks.forEach((chunk, i) => rows.push({ layer, sub: layer < 0 ? -i : i, nodes: chunk, more: i === chunks.length - 1 ? more : 0 }));
      // provisional x so that the next layer's barycentres can use it
      chunks.flat().forEach((n, i) => pos.set(n.id, { x: (i % PER_ROW) * (NODE_W + GAP_X), y: 0, node: n }));
    }
    rows.sort((a, b) => a.layer - b.layer || a.sub - b.sub);
    const width = Math.max(...rows.map((r) => r.nodes.length + (r.more ? 1 : 0))) * (NODE_W + GAP_X) - GAP_X + 2 * PAD;
    rows.forEach((r, i) => {
      const count = r.nodes.length + (r.more ? 1 : 0);
      const left = (width - (count * (NODE_W + GAP_X) - GAP_X)) / 2;
      r.nodes.forEach((n, j) => pos.set(n.id, { x: left + j * (NODE_W + GAP_X), y: PAD + i * ROW_H, node: n }));
      if (r.more) r.moreAt = { x: left + r.nodes.length * (NODE_W + GAP_X), y: PAD + i * ROW_H };
    });
    return { pos, rows, width, height: PAD * 2 + rows.length * ROW_H - (ROW_H - NODE_H) };
  }

  function wrap(text, width, lines) {
    const words = String(text).split(/\s+/);
    const out = [];
    let cur = "";
    for (const w of words) {
      if ((cur + " " + w).trim().length > width && cur) { out.push(cur); cur = w; } else cur = (cur + " " + w).trim();
      if (out.length === lines) break;
    }
    if (out.length < lines && cur) out.push(cur);
    const used = out.join(" ").length;
    if (used < String(text).length - 1 && out.length) out[out.length - 1] = out[out.length - 1].replace(/.{0,2}$/, "…");
    return out.slice(0, lines);
  }

  function drawGraph(data) {
    const box = $("graph");
    const { pos, rows, width, height } = layout(data);
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
    const nodeLayer = svg("g", { class: "nodes" });
    root.append(edgeLayer, nodeLayer);
    const types = new Set();
    data.edges.forEach((e, i) => {
      const a = pos.get(e.source), b = pos.get(e.target);
      if (!a || !b) return;
      types.add(e.type);
      // the source (what carries out) sits below its target: draw from its top to the target's bottom
      const up = a.y > b.y;
      const x1 = a.x + NODE_W / 2, y1 = up ? a.y : a.y + NODE_H, x2 = b.x + NODE_W / 2, y2 = up ? b.y + NODE_H : b.y;
      const ym = (y1 + y2) / 2;
      const bow = Math.abs(x1 - x2) < 1 ? 14 : 0; // a slight bow keeps a vertical edge's box (and its hit area) wide
      const d = `M${x1},${y1} C${x1 + bow},${ym} ${x2 + bow},${ym} ${x2},${y2}`;
      const label = `${a.node.label} — ${RELATIONS[e.type] || e.type} → ${b.node.label}`;
      const g = svg("g", { class: `edge type-${e.type}`, tabindex: 0, role: "button", "data-index": i,
        "data-source": e.source, "data-target": e.target, "data-type": e.type, "aria-label": label },
      svg("title", {}, label),
      svg("path", { d, class: "line", "marker-end": "url(#arrow-default)" }),
      svg("path", { d, class: "hit" }));
      g.addEventListener("click", () => showEdge(e, g));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showEdge(e, g); } });
      edgeLayer.append(g);
    });
    for (const { x, y, node } of pos.values()) {
      if (!rows.some((r) => r.nodes.includes(node))) continue;
      const isRoot = node.id === data.document.id;
      const cls = ["node", `kind-${node.kind}`, node.central ? "central" : "", isRoot ? "root" : "", node.resolved === false ? "unresolved" : ""];
      const meta = [node.date || node.year, node.province].filter(Boolean).join(" · ");
      const g = svg("g", { class: cls.filter(Boolean).join(" "), transform: `translate(${x},${y})`, tabindex: 0, role: "button",
        "data-id": node.id, "aria-label": `${node.label}${meta ? ", " + meta : ""}` },
      svg("title", {}, `${node.label}\n${node.id}${meta ? "\n" + meta : ""}`),
      svg("rect", { width: NODE_W, height: NODE_H, rx: 8 }));
      wrap(node.label, 27, 2).forEach((line, i) => g.append(svg("text", { x: 10, y: 20 + i * 16, class: "label" }, line)));
      g.append(svg("text", { x: 10, y: NODE_H - 8, class: "sub" }, meta || KINDS[node.kind] || node.kind));
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
        svg("text", { x: 10, y: 34, class: "label" }, `+${r.more} nút nữa (xem bảng dưới)`)));
    }
    box.replaceChildren(root);
    zoom(0);
    $("legend").replaceChildren(...[...types].sort().map((t) => el("span", { class: `key type-${t}` }, RELATIONS[t] || t)));
  }

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
      el("p", { class: "meta" }, `Độ tin cậy ${Math.round(e.confidence * 100)}%`));
    if (!e.evidence.length) body.append(el("p", { class: "hint" }, "Không có câu văn làm căn cứ."));
    for (const ev of e.evidence) {
      const href = `/sources/${encodeURIComponent(ev.source)}/view?start=${ev.start}&end=${ev.end}#focus`;
      body.append(el("figure", { class: "quote" },
        el("blockquote", { class: "evidence-text", cite: href }, ev.text || ""),
        el("figcaption", {}, el("a", { href, target: "_blank", rel: "noopener", class: "source-link" }, "Xem trong văn bản nguồn"),
          ` · ${ev.source} · ký tự ${ev.start}–${ev.end}${ev.rule ? " · quy tắc " + ev.rule : ""}`)));
    }
  }

  function drawMatrix(data) {
    const m = data.matrix;
    const box = $("matrix");
    if (!m.rows.length) {
      box.replaceChildren(el("p", { class: "hint" }, "Chưa ghi nhận việc thực hiện nào."));
      return;
    }
    const labels = new Map(data.nodes.map((n) => [n.id, n.label]));
    const head = el("tr", {}, el("th", { scope: "col" }, "Tỉnh, thành phố"), ...m.columns.map((c) => el("th", { scope: "col" }, c)),
      el("th", { scope: "col" }, "Cộng"));
    const body = m.rows.map((p) => {
      const cells = m.columns.map((y) => {
        const ids = (m.cells[p] || {})[y] || [];
        if (!ids.length) return el("td", { class: "zero" }, "");
        return el("td", { class: "hit", title: ids.map((i) => labels.get(i) || i).join("\n") },
          el("button", { type: "button", onclick: () => showCell(p, y, ids, labels) }, String(ids.length)));
      });
      const total = Object.values(m.cells[p] || {}).reduce((a, ids) => a + ids.length, 0);
      return el("tr", {}, el("th", { scope: "row" }, p), ...cells, el("td", { class: "total" }, String(total)));
    });
    box.replaceChildren(el("table", { class: "matrix-table" }, el("thead", {}, head), el("tbody", {}, ...body)));
  }

  function showCell(province, year, ids, labels) {
    $("evidence-body").replaceChildren(el("p", { class: "relation" }, `${province} · ${year}`),
      el("ul", { class: "cell-list" }, ...ids.map((i) => el("li", {}, el("a", { href: `#doc=${encodeURIComponent(i)}` }, labels.get(i) || i)))));
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
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
