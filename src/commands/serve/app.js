// govsearch archive page. Every string from a document reaches the page
// through textContent or an attribute set by the DOM, never as HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const FILTERS = ["year", "region", "unit", "kind", "topic"];
const COLORS = ["#1a4f8b", "#a40000", "#2a9d8f", "#e9a23b", "#6a4c93"];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function state() {
  const url = new URL(location.href);
  return { path: url.pathname, params: url.searchParams };
}

function go(path, params, replace) {
  const query = params.toString();
  const url = path + (query ? "?" + query : "");
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

function withParams(change) {
  const params = new URLSearchParams(location.search);
  change(params);
  return params;
}

async function api(path, params) {
  const response = await fetch(path + "?" + params.toString());
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function showError(main, err) {
  main.replaceChildren(el("p", { class: "error", text: "Error: " + err.message }));
}

function apiParams(params, keep) {
  const out = new URLSearchParams();
  for (const [k, v] of params) if (keep.includes(k)) out.append(k, v);
  return out;
}

// ---- search view ----------------------------------------------------------

function highlighted(text, ranges) {
  const chars = Array.from(text);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [from, to] of ranges) {
    out.append(chars.slice(at, from).join(""));
    out.append(el("mark", { text: chars.slice(from, to).join("") }));
    at = to;
  }
  out.append(chars.slice(at).join(""));
  return out;
}

function yearHistogram(years, params) {
  const entries = Object.entries(years).sort((a, b) => a[0].localeCompare(b[0]));
  const box = svg("svg", { class: "histogram", width: 260, height: 80, role: "img" });
  if (!entries.length) return box;
  const max = Math.max(...entries.map((e) => e[1]));
  const w = 260 / entries.length;
  const active = params.get("year") || "";
  entries.forEach(([year, count], i) => {
    const h = Math.max(2, (count / max) * 70);
    const bar = svg("rect", { x: i * w, y: 75 - h, width: Math.max(1, w - 1), height: h, "data-year": year });
    if (active === year || (active.includes("..") && inRange(year, active))) bar.classList.add("on");
    const title = svg("title", {});
    title.textContent = year + ": " + count;
    bar.append(title);
    bar.addEventListener("click", (event) => {
      go("/", withParams((p) => {
        const current = p.get("year");
        if (event.shiftKey && current && !current.includes("..")) {
          const [a, b] = [current, year].sort();
          p.set("year", a + ".." + b);
        } else p.set("year", year);
        p.delete("offset");
      }));
    });
    box.append(bar);
  });
  return box;
}

function inRange(year, range) {
  const [a, b] = range.split("..");
  return (!a || year >= a) && (!b || year <= b);
}

function facetList(name, counts) {
  const list = el("ul");
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 15);
  for (const [value, count] of entries) {
    list.append(el("li", {}, el("a", { "data-facet": name, text: value, onclick: () => addFilter(name, value) }),
      el("span", { class: "count", text: String(count) })));
  }
  return list;
}

function regionTree(regions) {
  // Paths at every level: 河北省, 河北省/保定市, 河北省/保定市/清苑区.
  const root = { children: new Map() };
  for (const [path, count] of Object.entries(regions)) {
    let node = root;
    for (const part of path.split("/")) {
      if (!node.children.has(part)) node.children.set(part, { children: new Map(), count: 0, path: "" });
      node = node.children.get(part);
    }
    node.count = count;
    node.path = path;
  }
  const build = (node) => {
    const list = el("ul");
    const sorted = [...node.children.entries()].sort((a, b) => b[1].count - a[1].count);
    for (const [name, child] of sorted) {
      const link = el("a", { "data-region": child.path, text: name, onclick: () => addFilter("region", child.path.split("/").pop()) });
      const label = [link, el("span", { class: "count", text: String(child.count) })];
      if (child.children.size) {
        const details = el("details", {}, el("summary", {}, ...label), build(child));
        list.append(el("li", {}, details));
      } else list.append(el("li", {}, ...label));
    }
    return list;
  };
  return el("div", { class: "tree" }, build(root));
}

function addFilter(name, value) {
  go("/", withParams((p) => { p.set(name, value); p.delete("offset"); p.set("view", "search"); }));
}

function chips(params) {
  const box = el("div", { class: "chips" });
  for (const name of FILTERS) {
    for (const value of params.getAll(name)) {
      box.append(el("span", { class: "chip" }, name + ": " + value,
        el("button", { "aria-label": "remove", text: "×", onclick: () => go("/", withParams((p) => p.delete(name))) })));
    }
  }
  return box;
}

async function searchView(main, params) {
  const q = params.get("q") || "";
  if (!q && !FILTERS.some((f) => params.get(f))) {
    main.replaceChildren(el("p", { text: "Type a query: 计划生育, \"出生人口性别比\", 低保 year:2010..2020 …" }));
    return;
  }
  const query = apiParams(params, ["q", "offset", "all_copies", ...FILTERS]);
  query.set("limit", "10");
  const result = await api("/api/search", query);
  const offset = Number(params.get("offset") || 0);
  const aside = el("aside", {},
    el("section", {}, el("h3", { text: "年份 Year (click; shift-click for a range)" }), yearHistogram(result.facets.year, params)),
    el("section", {}, el("h3", { text: "地区 Region" }), regionTree(result.facets.region)),
    el("section", {}, el("h3", { text: "种类 Kind" }), facetList("kind", result.facets.kind)),
    el("section", {}, el("h3", { text: "单位 Unit" }), facetList("unit", result.facets.unit)),
    el("section", {}, el("h3", { text: "主题 Topic" }), facetList("topic", result.facets.topic)));
  const exportLink = el("a", { href: "/export?" + apiParams(params, ["q", "all_copies", ...FILTERS]).toString() + "&format=csv", id: "export-csv", text: "Export CSV" });
  const hits = el("section", { id: "hits" }, chips(params),
    el("p", { class: "summary" }, `${result.total} documents (${result.distinct} distinct) in ${result.elapsed_ms.toFixed(1)} ms · `, exportLink));
  for (const hit of result.hits) {
    const link = el("a", { href: "/doc/" + hit.id + "?q=" + encodeURIComponent(q), text: hit.title || hit.path, class: "doc-link" });
    const title = el("h2", {}, link);
    if (hit.duplicates.length) title.append(el("span", { class: "count", text: ` +${hit.duplicates.length} copies` }));
    const meta = [hit.year, hit.region, hit.unit, hit.kind].filter(Boolean).join(" · ");
    const item = el("article", { class: "hit" }, title, el("div", { class: "meta", text: meta }));
    for (const s of hit.snippets) item.append(el("p", { class: "snippet" }, highlighted(s.text, s.highlights)));
    hits.append(item);
  }
  const pager = el("div", { class: "pager" });
  if (offset > 0) pager.append(el("button", { text: "‹ Previous", onclick: () => go("/", withParams((p) => p.set("offset", Math.max(0, offset - 10)))) }));
  pager.append(el("span", { text: `${offset + 1}–${offset + result.hits.length} of ${result.distinct}` }));
  if (offset + 10 < result.distinct) pager.append(el("button", { text: "Next ›", id: "next-page", onclick: () => go("/", withParams((p) => p.set("offset", offset + 10))) }));
  hits.append(pager);
  main.replaceChildren(el("div", { class: "layout" }, aside, hits));
}

// ---- document reader -------------------------------------------------------

async function docView(main, id, params) {
  const q = params.get("q") || "";
  const doc = await api("/api/doc/" + encodeURIComponent(id), apiParams(params, ["q"]));
  const chars = Array.from(doc.text);
  const matches = doc.matches;
  const body = el("div", { class: "doc-text", id: "doc-text" });
  // One paragraph per line, each with an anchor at its character offset.
  let at = 0;
  let m = 0;
  const lines = doc.text.split("\n");
  for (const line of lines) {
    const len = Array.from(line).length;
    const start = at;
    const end = at + len;
    const p = el("p", { id: "c" + start });
    p.append(el("a", { class: "anchor", href: "#c" + start, text: "¶", title: "link to this passage" }));
    let cursor = start;
    while (m < matches.length && matches[m][0] < end) {
      const [from, to] = matches[m];
      const a = Math.max(from, cursor);
      const b = Math.min(to, end);
      if (a > cursor) p.append(chars.slice(cursor, a).join(""));
      if (b > a) p.append(el("mark", { "data-match": String(m), text: chars.slice(a, b).join("") }));
      cursor = Math.max(cursor, b);
      if (to <= end) m += 1; else break;
    }
    if (cursor < end) p.append(chars.slice(cursor, end).join(""));
    body.append(p);
    at = end + 1;
  }
  const marks = () => [...body.querySelectorAll("mark")];
  let current = -1;
  const counter = el("span", { id: "match-counter", text: matches.length ? `${matches.length} matches` : "no matches" });
  const jump = (step) => {
    const all = marks();
    if (!all.length) return;
    if (current >= 0) all[current].classList.remove("current");
    current = (current + step + all.length) % all.length;
    all[current].classList.add("current");
    all[current].scrollIntoView({ block: "center" });
    counter.textContent = `match ${current + 1} of ${all.length}`;
  };
  const citation = el("textarea", { id: "citation", rows: 2, readonly: "readonly" });
  const cite = async () => {
    const anchor = location.hash || "";
    const text = [doc.title, doc.unit, doc.year].filter(Boolean).join("，") + "。" + location.origin + "/doc/" + doc.id + anchor;
    citation.value = text;
    try { await navigator.clipboard.writeText(text); } catch (e) { citation.select(); }
  };
  const toolbar = el("div", { class: "toolbar" },
    el("button", { id: "prev-match", text: "‹ previous (p)", onclick: () => jump(-1) }),
    el("button", { id: "next-match", text: "next (n) ›", onclick: () => jump(1) }),
    counter,
    el("button", { id: "copy-citation", text: "Copy citation", onclick: cite }));
  const meta = el("dl", { class: "meta" });
  for (const [k, v] of [["Path", doc.path], ["Year", doc.year], ["Region", doc.region], ["Unit", doc.unit], ["Kind", doc.kind], ["Topics", doc.topics.join("、")]]) {
    if (v) meta.append(el("dt", { text: k }), el("dd", { text: String(v) }));
  }
  const copies = el("ul", { id: "copies" });
  for (const c of doc.copies) copies.append(el("li", {}, el("a", { href: "/doc/" + c.id + "?q=" + encodeURIComponent(q), text: c.path })));
  const parts = [el("a", { href: "/?" + apiParams(params, ["q", ...FILTERS]).toString(), text: "‹ back to results" }),
    el("h1", { id: "doc-title", text: doc.title || doc.path }), meta];
  if (doc.copies.length) parts.push(el("section", {}, el("h3", { text: "Copies" }), copies));
  main.replaceChildren(...parts, toolbar, citation, body);
  document.onkeydown = (event) => {
    if (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA") return;
    if (event.key === "n") jump(1);
    if (event.key === "p") jump(-1);
  };
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

// ---- trend view ------------------------------------------------------------

async function trendView(main, params) {
  const terms = (params.get("q") || "").split(/\s+/).filter(Boolean).slice(0, 5);
  const by = params.get("by") || "year";
  const per = params.get("per") || "10k";
  const controls = el("div", { class: "toolbar" },
    selector("by", by, [["year", "by year"], ["region", "by region"], ["kind", "by kind"]]),
    selector("per", per, [["10k", "per 10,000 characters"], ["doc", "share of documents"], ["raw", "raw count"]]));
  if (!terms.length) {
    main.replaceChildren(controls, el("p", { text: "Type up to five terms to compare, separated by spaces." }));
    return;
  }
  const query = apiParams(params, ["all_copies", "spellings", ...FILTERS]);
  for (const t of terms) query.append("q", t);
  query.set("by", by);
  const result = await api("/api/trend", query);
  const value = (p) => per === "raw" ? p.count : per === "doc" ? (p.group_docs ? p.docs / p.group_docs : 0) : p.per_10k;
  const keys = result.terms[0] ? result.terms[0].series.map((p) => p.key) : [];
  const width = Math.max(480, keys.length * 18 + 80);
  const height = 280;
  const chart = svg("svg", { class: "chart", id: "trend-chart", width, height, role: "img" });
  const max = Math.max(1e-9, ...result.terms.flatMap((t) => t.series.map(value)));
  const x = (i) => 50 + (keys.length <= 1 ? 0 : (i * (width - 70)) / (keys.length - 1));
  const y = (v) => height - 40 - (v / max) * (height - 70);
  const axis = svg("g", { class: "axis" });
  keys.forEach((k, i) => {
    if (keys.length > 30 && i % Math.ceil(keys.length / 30)) return;
    const label = svg("text", { x: x(i), y: height - 22, "text-anchor": "middle" });
    label.textContent = k;
    axis.append(label);
  });
  const top = svg("text", { x: 4, y: 14 });
  top.textContent = max.toFixed(per === "raw" ? 0 : 3);
  axis.append(top);
  chart.append(axis);
  const legend = el("div", { class: "legend" });
  result.terms.forEach((t, n) => {
    const color = COLORS[n % COLORS.length];
    legend.append(el("span", { style: null, text: `■ ${t.term} (first: ${t.first || "—"}; spikes: ${t.spikes.join(", ") || "—"})` }));
    legend.lastChild.style.color = color;
    const points = t.series.map((p, i) => `${x(i)},${y(value(p))}`).join(" ");
    chart.append(svg("polyline", { points, fill: "none", stroke: color, "stroke-width": 2 }));
    t.series.forEach((p, i) => {
      const link = svg("a", { href: "/?" + new URLSearchParams({ q: t.term, [by]: p.key, view: "search" }).toString(), class: "point" });
      const dot = svg("circle", { cx: x(i), cy: y(value(p)), r: 3.5, fill: color, "data-key": p.key });
      const tip = svg("title", {});
      tip.textContent = `${t.term} ${p.key}: ${p.count} occurrences in ${p.docs} of ${p.group_docs} documents`;
      dot.append(tip);
      link.append(dot);
      if (p.key === t.first) chart.append(svg("path", { class: "first", d: `M${x(i)},${y(value(p)) - 14} l-5,-8 h10 z` }));
      if (t.spikes.includes(p.key)) chart.append(svg("circle", { class: "spike", cx: x(i), cy: y(value(p)), r: 8 }));
      chart.append(link);
    });
  });
  main.replaceChildren(controls, legend, chart);
}

function selector(name, current, options) {
  const select = el("select", { id: "select-" + name, onchange: (e) => go("/", withParams((p) => p.set(name, e.target.value))) });
  for (const [value, label] of options) {
    const option = el("option", { value, text: label });
    if (value === current) option.selected = true;
    select.append(option);
  }
  return select;
}

// ---- KWIC view -------------------------------------------------------------

async function kwicView(main, params) {
  const q = (params.get("q") || "").trim();
  const sort = params.get("sort") || "document";
  const controls = el("div", { class: "toolbar" },
    selector("sort", sort, [["document", "document order"], ["left", "sort by left context"], ["right", "sort by right context"], ["year", "by year"], ["region", "by region"]]));
  if (!q) {
    main.replaceChildren(controls, el("p", { text: "Type a term to see every occurrence in context." }));
    return;
  }
  const query = apiParams(params, ["q", "sort", "offset", "all_copies", ...FILTERS]);
  query.set("width", "20");
  query.set("limit", "100");
  const result = await api("/api/kwic", query);
  const csv = new URLSearchParams(query);
  csv.set("format", "csv");
  csv.delete("limit");
  csv.delete("offset");
  controls.append(el("span", { text: `${result.total} occurrences` }),
    el("a", { id: "kwic-csv", href: "/api/kwic?" + csv.toString(), text: "Download CSV" }));
  const table = el("table", { class: "kwic", id: "kwic-table" });
  for (const line of result.lines) {
    table.append(el("tr", {},
      el("td", { class: "left", text: line.left }),
      el("td", { class: "match" }, el("a", { href: `/doc/${line.id}?q=${encodeURIComponent(q)}#c${line.offset}`, text: line.match })),
      el("td", { class: "right", text: line.right }),
      el("td", { class: "src", text: [line.year, line.title].filter(Boolean).join(" ") })));
  }
  main.replaceChildren(controls, table);
}

// ---- routing ---------------------------------------------------------------

async function render() {
  const { path, params } = state();
  const main = document.getElementById("main");
  const view = path.startsWith("/doc/") ? "doc" : params.get("view") || "search";
  document.getElementById("q").value = params.get("q") || "";
  for (const a of document.querySelectorAll("#views a")) a.classList.toggle("active", a.dataset.view === view);
  main.replaceChildren(el("p", { text: "…" }));
  try {
    if (view === "doc") await docView(main, decodeURIComponent(path.slice(5)), params);
    else if (view === "trend") await trendView(main, params);
    else if (view === "kwic") await kwicView(main, params);
    else await searchView(main, params);
  } catch (err) {
    showError(main, err);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = document.getElementById("q").value;
    const { path, params } = state();
    const view = path.startsWith("/doc/") ? "search" : params.get("view") || "search";
    const next = path.startsWith("/doc/") ? new URLSearchParams() : new URLSearchParams(params);
    next.set("q", q);
    next.set("view", view);
    next.delete("offset");
    go("/", next);
  });
  for (const a of document.querySelectorAll("#views a")) {
    a.addEventListener("click", (event) => {
      event.preventDefault();
      const { params } = state();
      const next = new URLSearchParams();
      if (params.get("q")) next.set("q", params.get("q"));
      for (const f of FILTERS) for (const v of params.getAll(f)) next.append(f, v);
      next.set("view", a.dataset.view);
      go("/", next);
    });
  }
  window.addEventListener("popstate", render);
  render();
});
