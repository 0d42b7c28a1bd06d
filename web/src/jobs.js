// SPDX-License-Identifier: MIT
// The page's games panel (docs/page.md "Games"): a tariff war or an escalation among a few
// countries on the world chosen above, run as a job of the server (docs/api.md "Jobs"): its
// progress while it runs, a cancel button, and the result table when it is done.

const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
};
const fmt = (x, d) => (x === null || x === undefined || Number.isNaN(x) ? "–" : Number(x).toFixed(d));

const jobs = { id: null, doc: null, timer: null }; // read by the browser tests
window.tradewarJobs = jobs;

function panel() {
  const kind = el("select", { id: "job-kind" },
    el("option", { value: "war", text: "Nash tariff war" }),
    el("option", { value: "escalate", text: "escalation by rules" }));
  const players = el("input", { id: "job-players", value: "USA,CHN", size: "14",
                                "aria-label": "players (country codes)" });
  const rules = el("select", { id: "job-rules" },
    ...["tit-for-tat", "proportional", "best-response", "hold"].map((r) =>
      el("option", { value: r, text: r })));
  const opening = el("input", { id: "job-opening", type: "number", value: "10", min: "0",
                                max: "100", step: "5", "aria-label": "US opening, points" });
  const escOpts = el("span", { id: "job-esc" }, " rule ", rules,
                     " US opening increase, points ", opening);
  const go = el("button", { id: "job-start", type: "button", text: "Start" });
  const stop = el("button", { id: "job-cancel", type: "button", text: "Cancel" });
  stop.disabled = true;
  const sec = el("section", { id: "jobs-panel", "aria-label": "Games" },
    el("h2", { text: "Games: a tariff war or an escalation " },
       el("span", { class: "note", text: "(run on the server as a job; world as chosen above)" })),
    el("p", {}, el("label", {}, "Game ", kind), " ", el("label", {}, "players ", players),
       escOpts, " ", go, " ", stop),
    el("p", { id: "job-status", role: "status", text: "" }),
    el("div", { id: "job-result" }));
  (document.querySelector("main") || document.body).append(sec);
  const sync = () => { escOpts.hidden = kind.value !== "escalate"; };
  kind.addEventListener("change", sync);
  sync();
  go.addEventListener("click", () => startJob(kind.value, players.value, rules.value,
                                              Number(opening.value)));
  stop.addEventListener("click", cancelJob);
}

function say(text, error) {
  const s = document.getElementById("job-status");
  s.textContent = text;
  s.className = error ? "error" : "";
}

async function call(method, path, body) {
  const r = await fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {},
                                body: body ? JSON.stringify(body) : undefined });
  const doc = await r.json();
  if (!r.ok) throw new Error(doc.error ? doc.error.message : `HTTP ${r.status}`);
  return doc;
}

// The body of POST /api/jobs: the command line's flags (docs/api.md "Jobs").
export function jobBody(kind, players, rule, openingPts, world) {
  const codes = players.split(",").map((s) => s.trim()).filter(Boolean);
  const body = { kind, players: codes.join(",") };
  if (world) body.world = world;
  if (kind === "escalate") {
    body.rules = rule;
    body.opening = codes.map((_, k) => (k === 0 ? openingPts / 100 : 0)).join(",");
  }
  return body;
}

async function startJob(kind, players, rule, openingPts) {
  const world = document.getElementById("world")?.value || "";
  document.getElementById("job-result").replaceChildren();
  try {
    const doc = await call("POST", "/api/jobs", jobBody(kind, players, rule, openingPts, world));
    jobs.id = doc.id;
    jobs.doc = doc;
    document.getElementById("job-start").disabled = true;
    document.getElementById("job-cancel").disabled = false;
    say(`job ${doc.id}: queued`);
    jobs.timer = setInterval(poll, 300);
  } catch (e) {
    say(e.message, true);
  }
}

async function cancelJob() {
  if (!jobs.id) return;
  try {
    await call("DELETE", `/api/jobs/${jobs.id}`);
    say(`job ${jobs.id}: cancelling…`);
  } catch (e) {
    say(e.message, true);
  }
}

function progressText(doc) {
  const p = doc.progress;
  const parts = p.stages.map((s) => `${s.what} ${s.step} (${Number(s.value).toPrecision(3)})`);
  return `job ${doc.id}: ${doc.state}, ${fmt(doc.seconds, 1)} s` +
         (parts.length ? ` — ${parts.join("; ")}` : "");
}

async function poll() {
  let doc;
  try {
    doc = await call("GET", `/api/jobs/${jobs.id}`);
  } catch (e) {
    clearInterval(jobs.timer);
    say(e.message, true);
    return;
  }
  jobs.doc = doc;
  if (doc.state === "queued" || doc.state === "running") {
    say(progressText(doc));
    return;
  }
  clearInterval(jobs.timer);
  document.getElementById("job-start").disabled = false;
  document.getElementById("job-cancel").disabled = true;
  if (doc.state === "done") {
    say(`job ${doc.id}: ${doc.result.status} (${fmt(doc.seconds, 1)} s)`);
    document.getElementById("job-result").replaceChildren(doc.kind === "war" ? warTable(doc.result)
                                                                             : escalationTable(doc.result));
  } else if (doc.state === "failed") {
    say(`job ${doc.id} failed: ${doc.error ? doc.error.message : "?"}`, true);
  } else {
    say(`job ${doc.id}: cancelled`);
  }
}

function table(head, rows, note) {
  const t = el("table", {}, el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { text: h })))),
               el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", { text: c }))))));
  return el("div", {}, t, el("p", { class: "note", text: note }));
}

// The war's players: Nash tariffs (average on goods, weighted by baseline imports) and the
// change in real income against the baseline.
export function warTable(doc) {
  return table(["player", "tariff today, %", "Nash tariff, %", "real income, %", "gain by deviating"],
    doc.players.map((p) => [p.code, fmt(p.avg_tariff_goods_import_weighted_today_pct, 2),
                            fmt(p.avg_tariff_goods_import_weighted_pct, 2), fmt(p.real_income_pct, 4),
                            Number(p.gain_from_deviating).toPrecision(2)]),
    "Tariffs: average on goods, weighted by baseline imports; real income: exact change against " +
    `the baseline. Status: ${doc.status}.`);
}

// The escalation's path: each pair's average tariff and each player's real income by round.
export function escalationTable(doc) {
  const pairs = doc.rounds[0].tariffs.map((t) => `${t.importer} on ${t.exporter}, %`);
  const codes = doc.rounds[0].players.map((p) => `${p.code} income, %`);
  return table(["round", "date", ...pairs, ...codes],
    doc.rounds.map((r) => [String(r.round), r.date,
                           ...r.tariffs.map((t) => fmt(t.avg_tariff_goods_import_weighted_pct, 2)),
                           ...r.players.map((p) => fmt(p.real_income_pct, 4))]),
    "Tariffs: average on goods, weighted by baseline imports; real income: exact change against " +
    `the baseline. End: ${doc.end}${doc.cycle_length ? ` (cycle of ${doc.cycle_length})` : ""}.`);
}

panel();
