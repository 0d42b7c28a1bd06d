// SPDX-License-Identifier: MIT
// The tradewar page (docs/page.md): controls that re-solve through `tradewar serve`'s JSON
// API (docs/api.md), a world map of the change in real income, trade diversion, the scenario
// timeline and the brief's numbers; downloads and a URL that reproduces the state.
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { scaleDiverging } from "d3-scale";
import { interpolateRdBu } from "d3-scale-chromatic";
import { feature } from "topojson-client";
import { numericToAlpha3 } from "i18n-iso-countries";
import { Chart, registerables } from "chart.js";
import "./jobs.js"; // the games panel (docs/page.md "Games")

Chart.register(...registerables);

const $ = (id) => document.getElementById(id);
const state = { world: "", group: "goods", us: 0, cn: 0, horizon: "long", elasticities: "",
                ban: "", scenario: "", branch: "", step: "", draws: "" };
const page = { worldDoc: null, solveDoc: null, timelineDoc: null, odds: null, briefDoc: null,
               features: [], seq: 0, shown: 0, pending: null, inflight: false,
               bands: null, bandsKey: "" };
window.tradewar = page; // read by the browser tests (tests/serve/test_page.mjs)

async function api(method, path, body) {
  const r = await fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {},
                                body: body ? JSON.stringify(body) : undefined });
  const doc = await r.json();
  if (!r.ok) throw new Error(doc.error ? doc.error.message : `HTTP ${r.status}`);
  return doc;
}

function status(text, error) {
  const s = $("status");
  s.textContent = text;
  s.className = error ? "error" : "";
}

// --- state in the URL ---
function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  for (const k of Object.keys(state)) if (h.has(k)) state[k] = h.get(k);
  state.us = Number(state.us) || 0;
  state.cn = Number(state.cn) || 0;
}
function writeHash() {
  const h = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== "" && v !== 0) h.set(k, v);
  history.replaceState(null, "", "#" + h.toString());
}

// --- the policy of the controls, as the API's structured rows ---
export function policyRows(st) {
  // Both rows always (a shock file needs a row; adding 0 points changes nothing).
  const rows = [{ importer: "USA", exporter: "CHN", sector: st.group, tariff_add: st.us / 100 },
                { importer: "CHN", exporter: "USA", sector: st.group, tariff_add: st.cn / 100 }];
  if (st.ban) rows.push({ importer: "USA", exporter: "CHN", sector: st.ban, iceberg_hat: "inf" });
  return rows;
}
// detail "summary" (docs/api.md): what the page draws, for slider moves; "full" for downloads.
// With a scenario step chosen, the rows are changes to the policy in force at that step.
export function solveRequest(st = state, detail = "summary") {
  const req = st.scenario && st.step !== ""
    ? { scenario: st.scenario, step: Number(st.step), changes: policyRows(st) }
    : { world: st.world, tariffs: policyRows(st) };
  Object.assign(req, { horizon: st.horizon, name: "page.csv", detail });
  if (st.elasticities) req.elasticities = st.elasticities;
  return req;
}

// --- controls ---
function fillSelect(sel, items, value) {
  sel.replaceChildren(...items.map(([v, label]) => {
    const o = document.createElement("option");
    o.value = v;
    o.textContent = label;
    return o;
  }));
  if (items.some(([v]) => v === value)) sel.value = value;
}

function syncControls() {
  $("us").value = state.us;
  $("cn").value = state.cn;
  $("us-out").textContent = state.us;
  $("cn-out").textContent = state.cn;
  $("horizon").value = state.horizon;
  $("ban").checked = !!state.ban;
  $("uncertainty").value = state.draws;
}

async function loadWorld() {
  const w = await api("GET", `/api/world/${encodeURIComponent(state.world)}`);
  page.worldDoc = w;
  const sectors = w.sectors.map((s) => [s.code, `${s.code}: ${s.name}`]);
  fillSelect($("group"), [["goods", "all goods"], ["services", "all services"], ["*", "every sector"],
                          ...sectors], state.group);
  state.group = $("group").value;
  const goods = w.sectors.filter((s) => s.goods).map((s) => [s.code, `${s.code}: ${s.name}`]);
  fillSelect($("ban-sector"), goods, state.ban || goods[goods.length > 20 ? 20 : 0][0]);
  fillSelect($("elasticities"), w.elasticity_sets.map((e) => [e, e === w.elasticities ? `${e} (default)` : e]),
             state.elasticities || w.elasticities);
  if (state.elasticities === w.elasticities) state.elasticities = "";
}

// Solves the controls' policy; a move while a solve runs waits and only the latest is sent.
async function resolve() {
  writeHash();
  if (page.inflight) {
    page.pending = true;
    return;
  }
  page.inflight = true;
  const seq = ++page.seq;
  page.bands = null; // the bands were of the policy before this move
  page.bandsKey = "";
  status("solving…");
  const t0 = performance.now();
  try {
    const doc = await api("POST", "/api/solve", solveRequest());
    page.solveDoc = doc;
    page.shown = seq;
    drawMap();
    drawNumbers();
    drawDiversion();
    const ms = performance.now() - t0;
    status(`solved in ${doc.solver.iterations} iterations (residual ${doc.solver.residual.toExponential(1)}), ${ms.toFixed(0)} ms`);
    document.body.dataset.solved = String(seq);
  } catch (e) {
    status(e.message, true);
    document.body.dataset.failed = String(seq);
  }
  page.inflight = false;
  if (page.pending) {
    page.pending = false;
    resolve();
  } else if (state.draws && document.body.dataset.failed !== String(seq)) {
    requestBands(seq);
  }
}

// Uncertainty bands (docs/page.md): the same policy solved for every draw of the trade
// elasticities ("draws", docs/api.md), asked for only once the controls rest, so slider moves
// stay fast; an answer for a policy no longer shown is dropped.
async function requestBands(seq) {
  const req = solveRequest();
  req.draws = Number(state.draws);
  const key = JSON.stringify(req);
  page.bandsKey = key;
  const text = $("status").textContent;
  status(`${text}; bands: solving ${req.draws} draws…`);
  const t0 = performance.now();
  try {
    const doc = await api("POST", "/api/solve", req);
    if (page.bandsKey !== key || page.shown !== seq) return;
    page.bands = doc.uncertainty;
    drawMap();
    status(`${text}; bands of ${doc.uncertainty.draws} draws (${doc.uncertainty.failed} failed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    document.body.dataset.bands = String(seq);
  } catch (e) {
    if (page.bandsKey === key) status(e.message, true);
  }
}

function bandOf(code) {
  if (!page.bands) return null;
  const c = page.bands.countries.find((x) => x.code === code);
  return c ? c.real_income_pct : null;
}

// --- the map ---
const fmt = (v, d = 3) => (v == null ? "n/a" : (Math.abs(v) < 0.5 * 10 ** -d ? 0 : v).toFixed(d));

function byCode() {
  const m = new Map();
  for (const c of page.solveDoc.countries) m.set(c.code, c);
  return m;
}

async function loadMap() {
  const topo = await (await fetch("countries-110m.json")).json();
  page.features = feature(topo, topo.objects.countries).features;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 960 500");
  svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const projection = geoNaturalEarth1().fitSize([960, 500], { type: "Sphere" });
  const path = geoPath(projection);
  const sphere = document.createElementNS(svg.namespaceURI, "path");
  sphere.setAttribute("d", path({ type: "Sphere" }));
  sphere.setAttribute("fill", "#eef3f8");
  svg.append(sphere);
  for (const f of page.features) {
    const p = document.createElementNS(svg.namespaceURI, "path");
    p.setAttribute("d", path(f) || "");
    p.setAttribute("class", "country");
    p.dataset.iso = (f.id && numericToAlpha3(f.id)) || "";
    p.dataset.name = f.properties.name;
    p.addEventListener("mousemove", (ev) => tip(ev, p));
    p.addEventListener("mouseleave", () => { $("tip").hidden = true; });
    svg.append(p);
  }
  $("map").replaceChildren(svg);
}

function colour() {
  // The scale ends at the 90th percentile of the changes' sizes (the largest movers take
  // the end colours), so that one outlier does not wash out the rest of the map.
  const mags = page.solveDoc.countries.map((c) => Math.abs(c.real_income_pct))
    .filter(Number.isFinite).sort((a, b) => a - b);
  const m = Math.max(1e-6, mags.length ? mags[Math.floor(0.9 * (mags.length - 1))] : 0);
  return { scale: scaleDiverging((t) => interpolateRdBu(t)).domain([-m, 0, m]), max: m };
}

function drawMap() {
  const codes = byCode();
  const { scale, max } = colour();
  for (const p of document.querySelectorAll("#map path.country")) {
    const own = codes.get(p.dataset.iso);
    const c = own || codes.get("ROW");
    p.dataset.code = c ? c.code : "";
    p.dataset.value = c ? c.real_income_pct : "";
    p.setAttribute("fill", c && Number.isFinite(c.real_income_pct) ? scale(c.real_income_pct) : "#ccc");
    // With bands: a lighter, dashed country where the 5-95% band straddles zero (the sign of
    // the change depends on the elasticities).
    const b = c && bandOf(c.code);
    p.dataset.p5 = b ? b.p5 : "";
    p.dataset.p95 = b ? b.p95 : "";
    p.classList.toggle("straddles", !!b && b.p5 < 0 && b.p95 > 0);
    p.setAttribute("fill-opacity", p.classList.contains("straddles") ? "0.4" : "1");
  }
  $("band-note").hidden = !page.bands;
  const steps = [-max, -max / 2, 0, max / 2, max];
  $("legend").replaceChildren(...steps.map((v, k) => {
    const s = document.createElement("span");
    const sw = document.createElement("span");
    sw.className = "sw";
    sw.style.background = scale(v);
    s.append(sw, ` ${k === 0 ? "≤ " : k === 4 ? "≥ " : ""}${fmt(v, 2)}`);
    return s;
  }));
}

function tip(ev, p) {
  const c = page.solveDoc && byCode().get(p.dataset.code);
  const t = $("tip");
  if (!c) {
    t.hidden = true;
    return;
  }
  const row = c.code === "ROW" && p.dataset.iso !== "ROW" ? " (in the rest of the world)" : "";
  t.innerHTML = "";
  const lines = [`${p.dataset.name}${row}`, `real income ${fmt(c.real_income_pct)}%`,
    `terms of trade ${fmt(c.tot_pct)}%, volume of trade ${fmt(c.vot_pct)}%`,
    `real wage ${fmt(c.real_wage_pct)}%`,
    ...(bandOf(c.code) ? [`5–95% band over ${page.bands.draws} draws of the elasticities: ${fmt(bandOf(c.code).p5)}% to ${fmt(bandOf(c.code).p95)}%${bandOf(c.code).p5 < 0 && bandOf(c.code).p95 > 0 ? " (straddles zero)" : ""}`] : []),
    `goods tariff ${fmt(c.avg_tariff_goods_import_weighted_baseline_pct, 1)}% → ${fmt(c.avg_tariff_goods_import_weighted_pct, 1)}%`];
  for (const l of lines) {
    const d = document.createElement("div");
    d.textContent = l;
    t.append(d);
  }
  t.style.left = `${ev.clientX + 14}px`;
  t.style.top = `${ev.clientY + 10}px`;
  t.hidden = false;
}

// --- numbers ---
function drawNumbers() {
  const doc = page.solveDoc;
  const codes = byCode();
  const sorted = [...doc.countries].filter((c) => c.code !== "USA" && c.code !== "CHN")
    .sort((a, b) => b.real_income_pct - a.real_income_pct);
  const shown = ["USA", "CHN"].filter((c) => codes.has(c)).map((c) => codes.get(c))
    .concat(sorted.slice(0, 4), sorted.slice(-3));
  const rows = shown.map((c) => {
    const tr = document.createElement("tr");
    tr.dataset.code = c.code;
    const cells = [c.code, fmt(c.real_income_pct), fmt(c.tot_pct), fmt(c.vot_pct),
      `${fmt(c.avg_tariff_goods_import_weighted_baseline_pct, 1)} → ${fmt(c.avg_tariff_goods_import_weighted_pct, 1)}`];
    cells.forEach((v, k) => {
      const td = document.createElement("td");
      td.textContent = v;
      if (k === 1) {
        td.className = "real-income";
        td.dataset.value = c.real_income_pct;
      }
      tr.append(td);
    });
    return tr;
  });
  const world = document.createElement("tr");
  world.dataset.code = "WORLD";
  for (const v of ["world (income-weighted)", fmt(doc.world_real_income_pct), "", "", ""]) {
    const td = document.createElement("td");
    td.textContent = v;
    world.append(td);
  }
  world.children[1].className = "real-income";
  world.children[1].dataset.value = doc.world_real_income_pct;
  $("numbers").tBodies[0].replaceChildren(...rows, world);
}

// --- trade diversion: shares of US imports ---
export function diversion(doc, importer = "USA", from = "CHN") {
  const into = doc.trade.filter((t) => t.importer === importer);
  const b = into.reduce((s, t) => s + t.baseline, 0);
  const a = into.reduce((s, t) => s + t.counterfactual, 0);
  return into.map((t) => ({ exporter: t.exporter, base_pct: (100 * t.baseline) / b,
                            pct: (100 * t.counterfactual) / a,
                            change_pts: (100 * t.counterfactual) / a - (100 * t.baseline) / b }))
    .sort((x, y) => (x.exporter === from ? -1 : y.exporter === from ? 1 : y.change_pts - x.change_pts));
}

let divChart = null;
function drawDiversion() {
  const rows = diversion(page.solveDoc);
  const cn = rows.find((r) => r.exporter === "CHN");
  $("china-share").textContent = cn
    ? `China's share of US imports: ${fmt(cn.base_pct, 2)}% → ${fmt(cn.pct, 2)}% (${fmt(cn.change_pts, 2)} points)`
    : "";
  const top = rows.filter((r) => r.exporter !== "CHN").slice(0, 10);
  const data = { labels: top.map((r) => r.exporter),
                 datasets: [{ label: "change in share of US imports, % points",
                              data: top.map((r) => r.change_pts), backgroundColor: "#2c7fb8" }] };
  if (divChart) {
    divChart.data = data;
    divChart.update("none");
  } else {
    divChart = new Chart($("diversion"), { type: "bar", data,
      options: { animation: false, indexAxis: "y", plugins: { legend: { display: false } } } });
  }
}

// --- timeline and brief ---
const dayOf = (d) => Date.parse(`${d}T00:00:00Z`) / 864e5;
let tlChart = null;
async function loadScenario() {
  if (!state.scenario) return;
  writeHash();
  status(`running ${state.scenario}…`);
  try {
    const [r, b] = await Promise.all([api("POST", "/api/run", { scenario: state.scenario }),
                                      api("POST", "/api/brief", { scenario: state.scenario })]);
    // With odds on its truces' outcomes the run document is {"point": the timeline,
    // "policy_uncertainty": the branches' probabilities and the expected path} (docs/json.md).
    const t = r.point ?? r;
    page.timelineDoc = t;
    page.odds = r.policy_uncertainty ?? null;
    page.briefDoc = b;
    const forks = t.branches.length > 1 ? t.branches.slice(1) : t.branches;
    if (!t.branches.includes(state.branch)) state.branch = forks[forks.length - 1];
    fillSelect($("branch"), t.branches.map((n) => [n, n === t.branches[0] && t.branches.length > 1 ? `${n} (until the fork)` : n]), state.branch);
    fillBase();
    drawTimeline();
    drawBrief();
    const odds = page.odds ? `; odds ${page.odds.branches.map((x) => `${x.name} ${x.probability}`).join(", ")}` : "";
    status(`${t.title}: ${t.steps.length} steps, branches ${t.branches.join(", ")}${odds}`);
    document.body.dataset.timeline = state.scenario;
  } catch (e) {
    status(e.message, true);
  }
}

// The steps of a branch from the start, its ancestors' included (the timeline document's
// "after" is the step a step follows).
export function branchPath(t, branch) {
  let k = -1;
  t.steps.forEach((st, i) => { if (st.branch === branch) k = i; });
  const path = [];
  for (; k >= 0; k = t.steps[k].after) path.unshift(k);
  return path;
}

// "Tariffs start from": the baseline, or a step of the branch shown (docs/api.md).
function fillBase() {
  const t = page.timelineDoc;
  const items = [["", "the baseline"]];
  if (t) for (const k of branchPath(t, state.branch))
    items.push([String(k), `${t.steps[k].date}: ${t.steps[k].label.slice(0, 60)}`]);
  fillSelect($("base"), items, state.step);
  state.step = $("base").value;
}

const palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666"];
function drawTimeline() {
  const t = page.timelineDoc;
  const names = t.steps[0].groups.map((g) => g.name).slice(0, 6);
  const path = branchPath(t, state.branch);
  // Each state holds until the next event; the last one to 30 days after the scenario's last
  // event (of any branch), so that a branch of a single step is a segment, not a spike.
  const end = Math.max(...t.steps.map((st) => dayOf(st.date))) + 30;
  const datasets = names.map((name, gi) => {
    const pts = path.map((k) => ({ x: dayOf(t.steps[k].date), y: t.steps[k].groups[gi].real_income_pct,
                                   label: t.steps[k].label, k }));
    if (pts.length) pts.push({ x: end, y: pts[pts.length - 1].y, label: "(no further event)", k: -1 });
    return { label: name, data: pts, borderColor: palette[gi % palette.length],
             backgroundColor: palette[gi % palette.length], stepped: "before",
             pointRadius: pts.map((p) => (p.k < 0 ? 0 : 2)) };
  });
  // With odds: each group's odds-weighted expected path over the final branches, dashed,
  // from the first date of the lottery (every date of a step on some branch).
  if (page.odds) names.forEach((name, gi) => {
    const pts = page.odds.dates.map((d) => ({ x: dayOf(d.date), y: d.real_income_pct[name]?.expected ?? null,
                                              sd: d.real_income_pct[name]?.sd, label: "expected (odds-weighted)", k: -2 }))
      .filter((p) => p.y != null);
    if (pts.length) pts.push({ ...pts[pts.length - 1], x: end, k: -1 });
    datasets.push({ label: `${name} expected`, data: pts, borderColor: palette[gi % palette.length],
                    backgroundColor: palette[gi % palette.length], borderDash: [6, 4], stepped: "before",
                    pointRadius: 0 });
  });
  const options = { animation: false, parsing: true,
    scales: { x: { type: "linear", ticks: { callback: (v) => new Date(v * 864e5).toISOString().slice(0, 10) } },
              y: { title: { display: true, text: "real income, %" } } },
    plugins: { title: { display: true, text: `branch: ${state.branch}` },
      tooltip: { callbacks: { title: (items) => {
      const p = items[0].raw;
      return `${new Date(p.x * 864e5).toISOString().slice(0, 10)} ${p.label || ""}`;
    }, afterLabel: (item) => (item.raw.sd != null ? `sd over the branches ${fmt(item.raw.sd)}` : "") } } } };
  if (tlChart) tlChart.destroy();
  tlChart = new Chart($("timeline"), { type: "line", data: { datasets }, options });
  page.timelineChart = () => tlChart;
  document.body.dataset.branch = state.branch;
}

function drawBrief() {
  const b = page.briefDoc;
  const path = branchPath(b, state.branch);
  const last = b.steps[path[path.length - 1]];
  $("brief").tHead.rows[0].cells[0].textContent = `at ${last.date} (${last.branch})`;
  const rows = last.countries.map((c) => {
    const tr = document.createElement("tr");
    for (const v of [c.name, fmt(c.real_income_pct), fmt(c.cpi_change_pct), c.cost_per_household_usd == null ? "n/a" : Math.round(c.cost_per_household_usd).toLocaleString("en-US"),
      `${fmt(c.avg_tariff_goods_import_weighted_baseline_pct, 1)} → ${fmt(c.avg_tariff_goods_import_weighted_pct, 1)}`]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.append(td);
    }
    return tr;
  });
  $("brief").tBodies[0].replaceChildren(...rows);
}

// --- downloads ---
function save(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
const csvCell = (v) => (typeof v === "string" && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v ?? "");
export function toCSV(rows, cols) {
  return [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
}
function mapSVG() {
  return new XMLSerializer().serializeToString($("map").querySelector("svg"));
}
function mapPNG() {
  const img = new Image();
  img.onload = () => {
    const c = document.createElement("canvas");
    c.width = 1920;
    c.height = 1000;
    const g = c.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(img, 0, 0, c.width, c.height);
    c.toBlob((b) => save("map.png", b));
  };
  img.src = URL.createObjectURL(new Blob([mapSVG()], { type: "image/svg+xml" }));
}
function chartPNG(chart, name) {
  if (!chart) return;
  fetch(chart.toBase64Image()).then((r) => r.blob()).then((b) => save(name, b));
}
function timelineRows() {
  const t = page.timelineDoc;
  if (!t) return [];
  const rows = t.steps.flatMap((st) => st.groups.map((g) => ({ date: st.date, branch: st.branch, event: st.label,
                                                               group: g.name, real_income_pct: g.real_income_pct })));
  // The expected path (odds-weighted over the final branches) as branch "expected", with its sd.
  if (page.odds) for (const d of page.odds.dates) for (const [group, v] of Object.entries(d.real_income_pct))
    rows.push({ date: d.date, branch: "expected", event: "", group, real_income_pct: v.expected, sd: v.sd });
  return rows;
}

function wire() {
  const bind = (id, ev, f) => $(id).addEventListener(ev, f);
  bind("us", "input", (e) => { state.us = Number(e.target.value); $("us-out").textContent = state.us; resolve(); });
  bind("cn", "input", (e) => { state.cn = Number(e.target.value); $("cn-out").textContent = state.cn; resolve(); });
  bind("group", "change", (e) => { state.group = e.target.value; resolve(); });
  bind("horizon", "change", (e) => { state.horizon = e.target.value; resolve(); });
  bind("elasticities", "change", (e) => {
    state.elasticities = e.target.value === page.worldDoc.elasticities ? "" : e.target.value;
    resolve();
  });
  bind("ban", "change", (e) => { state.ban = e.target.checked ? $("ban-sector").value : ""; resolve(); });
  bind("ban-sector", "change", (e) => { if (state.ban) { state.ban = e.target.value; resolve(); } });
  bind("world", "change", async (e) => {
    state.world = e.target.value;
    state.group = "goods";
    state.ban = "";
    state.elasticities = "";
    await loadWorld();
    syncControls();
    resolve();
  });
  bind("scenario", "change", (e) => {
    state.scenario = e.target.value;
    state.branch = "";
    const had = state.step !== "";
    state.step = "";
    loadScenario();
    if (had) resolve();
  });
  bind("branch", "change", (e) => {
    state.branch = e.target.value;
    const path = branchPath(page.timelineDoc, state.branch);
    const lost = state.step !== "" && !path.includes(Number(state.step));
    if (lost) state.step = "";
    fillBase();
    drawTimeline();
    drawBrief();
    writeHash();
    if (lost) resolve();
  });
  bind("base", "change", (e) => { state.step = e.target.value; resolve(); });
  bind("uncertainty", "change", (e) => {
    state.draws = e.target.value;
    writeHash();
    if (state.draws) requestBands(page.shown);
    else { page.bands = null; page.bandsKey = ""; drawMap(); }
  });
  bind("dl-countries", "click", async () => {
    // The full document (every field of every country) for the download.
    const full = await api("POST", "/api/solve", solveRequest(state, "full"));
    save("countries.csv", new Blob([toCSV(full.countries, Object.keys(full.countries[0]))], { type: "text/csv" }));
  });
  bind("dl-map-svg", "click", () => save("map.svg", new Blob([mapSVG()], { type: "image/svg+xml" })));
  bind("dl-map-png", "click", mapPNG);
  bind("dl-diversion", "click", () => save("diversion.csv", new Blob([toCSV(diversion(page.solveDoc),
    ["exporter", "base_pct", "pct", "change_pts"])], { type: "text/csv" })));
  bind("dl-diversion-png", "click", () => chartPNG(divChart, "diversion.png"));
  bind("dl-timeline", "click", () => save("timeline.csv", new Blob([toCSV(timelineRows(),
    ["date", "branch", "event", "group", "real_income_pct", "sd"])], { type: "text/csv" })));
  bind("dl-timeline-png", "click", () => chartPNG(tlChart, "timeline.png"));
}

async function start() {
  readHash();
  try {
    const [worlds, scenarios] = await Promise.all([api("GET", "/api/worlds"), api("GET", "/api/scenarios")]);
    if (!state.world) state.world = worlds.default;
    fillSelect($("world"), worlds.worlds.map((w) => [w, w]), state.world);
    const valid = scenarios.scenarios.filter((s) => !s.invalid);
    fillSelect($("scenario"), [["", "(none)"], ...valid.map((s) => [s.name, s.title])], state.scenario);
    await Promise.all([loadWorld(), loadMap()]);
    syncControls();
    wire();
    await resolve();
    await loadScenario();
  } catch (e) {
    status(e.message, true);
  }
}
start();
