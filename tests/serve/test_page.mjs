// SPDX-License-Identifier: MIT
// The page in a real browser (docs/page.md): Debian's headless Chromium driven through the
// DevTools protocol by puppeteer-core (web/node_modules). The page loads with no console
// errors, the map draws every country of Natural Earth's map, moving a tariff control gives
// the numbers of `tradewar solve` for the same policy (exactly: the same solve), the URL
// reproduces the state, the timeline and brief draw, and screenshots are not blank.
// Environment: TRADEWAR, TW_SOURCE_DIR, TW_PAGE_DIR (the built page), TW_SHOTS (where the
// screenshots go), CHROMIUM (default /usr/bin/chromium).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, readdirSync, copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

import { TRADEWAR, check, close, done, openPage, require, shots, src, startServer } from "./page_lib.mjs";

const { PNG } = require("pngjs");

// The shipped scenarios and a test one with odds on its branches (no shipped scenario has
// odds): us_china_2025 with illustrative probabilities on the Geneva truce's expiry, as
// tests/serve/serve_lib.py's odds_scenario (test values, not estimates). The server and the
// command line read them from there (TRADEWAR_SCENARIOS).
const scenarioDir = mkdtempSync(join(tmpdir(), "tw-page-scenarios-"));
for (const f of readdirSync(join(src, "scenarios")))
  if (f.endsWith(".yaml")) copyFileSync(join(src, "scenarios", f), join(scenarioDir, f));
{
  const lines = readFileSync(join(src, "scenarios", "us_china_2025.yaml"), "utf8").split("\n");
  const at = lines.findIndex((l) => l.includes("extended: {extend: 90}"));
  check(at >= 0, "us_china_2025 has the truce the odds scenario gives probabilities to");
  lines.splice(at + 1, 0, "      probabilities: {snapped back: 40%, extended: 0.6}");
  const title = lines.findIndex((l) => l.startsWith("title:"));
  if (title >= 0) lines[title] = `title: "${lines[title].slice(6).trim().replace(/^"|"$/g, "")} (test odds)"`;
  writeFileSync(join(scenarioDir, "us_china_2025_odds.yaml"), lines.join("\n"));
}
const scenarioEnv = { ...process.env, TRADEWAR_SCENARIOS: scenarioDir };

// The shock file rows of the policy in force at date `until` of a shipped scenario whose
// events up to then are only tariff additions (any other line fails the test).
function scenarioRows(name, until) {
  const rows = [];
  let on = false;
  for (const line of readFileSync(join(src, "scenarios", `${name}.yaml`), "utf8").split("\n")) {
    const s = line.trim();
    if (s.startsWith("- date: ")) { on = s.slice(8) <= until; continue; }
    if (!on || s.startsWith("#") || s === "" || s === "tariffs:" || s.startsWith("label: ")) continue;
    const m = line.match(/^\s*- \{importers: (\w+), exporters: (\w+), sectors: (\w+), add: ([0-9.]+%)\}$/);
    if (!check(m, `${name} up to ${until}: only tariff additions, not ${s}`)) return [];
    rows.push({ importer: m[1], exporter: m[2], sector: m[3], tariff_add: m[4] });
  }
  return rows;
}

// The CLI's answer for the policy rows the page sends.
function cliSolve(rows, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), "tw-page-"));
  const cols = ["importer", "exporter", "sector", "tariff", "tariff_add", "iceberg_hat"];
  const text = [cols.join(","), ...rows.map((r) => cols.map((c) => r[c] ?? "").join(","))].join("\n") + "\n";
  writeFileSync(join(dir, "page.csv"), text);
  return JSON.parse(execFileSync(TRADEWAR, ["solve", "--shock", "page.csv", "--json", ...extra], { cwd: dir, maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] }));
}

function pngStats(file) {
  const png = PNG.sync.read(readFileSync(file));
  const colours = new Set();
  let ink = 0;
  for (let k = 0; k < png.data.length; k += 4) {
    const [r, g, b] = [png.data[k], png.data[k + 1], png.data[k + 2]];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 235 || g < 235 || b < 235) ink++;
  }
  return { width: png.width, height: png.height, colours: colours.size, ink: ink / (png.width * png.height) };
}

function checkShot(file, minW, minH) {
  const s = pngStats(file);
  check(s.width >= minW && s.height >= minH, `${file}: at least ${minW}x${minH}, got ${s.width}x${s.height}`);
  check(s.colours > 30 && s.ink > 0.05, `${file}: not blank (${s.colours} colours, ${(100 * s.ink).toFixed(1)}% ink)`);
  console.log(`${file}: ${s.width}x${s.height}, ${s.colours} colours, ${(100 * s.ink).toFixed(1)}% ink`);
}

async function waitSolved(page, after) {
  await page.waitForFunction((n) => {
    const t = window.tradewar;
    return t && !t.inflight && !t.pending && Number(document.body.dataset.solved || 0) > n &&
      Number(document.body.dataset.solved) === t.seq;
  }, { timeout: 120000 }, after);
  return page.evaluate(() => window.tradewar.seq);
}

async function shownNumbers(page) {
  return page.$$eval("#numbers tbody tr", (trs) => Object.fromEntries(trs.map((tr) => {
    const td = tr.querySelector("td.real-income");
    return [tr.dataset.code, { value: Number(td.dataset.value), text: td.textContent }];
  })));
}

function compareNumbers(shown, doc, what) {
  const ref = Object.fromEntries(doc.countries.map((c) => [c.code, c.real_income_pct]));
  ref.WORLD = doc.world_real_income_pct;
  for (const code of ["USA", "CHN", "WORLD"]) {
    check(shown[code] && shown[code].value === ref[code],
          `${what}: ${code} real income ${shown[code] && shown[code].value} is tradewar solve's ${ref[code]}`);
    const want = Math.abs(ref[code]) < 0.0005 ? "0.000" : ref[code].toFixed(3);
    check(shown[code] && shown[code].text === want, `${what}: ${code} shows ${shown[code] && shown[code].text}, want ${want}`);
  }
}

async function main() {
  const server = await startServer([], scenarioEnv);
  const { browser, page, errors } = await openPage(server);
  try {
    let seq = await waitSolved(page, 0);

    // Every country of the map is drawn, and coloured.
    const topo = JSON.parse(readFileSync(join(process.env.TW_PAGE_DIR, "countries-110m.json")));
    const nFeatures = topo.objects.countries.geometries.length;
    const drawn = await page.$$eval("#map path.country", (ps) => ps.map((p) => ({
      d: p.getAttribute("d"), fill: p.getAttribute("fill"), code: p.dataset.code })));
    check(drawn.length === nFeatures, `the map draws all ${nFeatures} countries, drew ${drawn.length}`);
    check(drawn.every((p) => p.d && p.d.length > 10 && p.fill && p.fill !== "none"),
          "every country has a shape and a colour");
    check(drawn.filter((p) => p.code && p.code !== "ROW").length >= 60,
          "the world's own countries are found on the map");

    // The baseline: no policy change, nothing moves.
    const zero = await shownNumbers(page);
    check(zero.USA && zero.USA.value === 0 && zero.WORLD.value === 0, "at the baseline real income is unchanged");

    // Moving the US tariff control: the numbers are tradewar solve's for the same policy.
    await page.$eval("#us", (el) => { el.value = "50"; el.dispatchEvent(new Event("input", { bubbles: true })); });
    seq = await waitSolved(page, seq);
    const moved = await shownNumbers(page);
    compareNumbers(moved, cliSolve([{ importer: "USA", exporter: "CHN", sector: "goods", tariff_add: 0.5 },
                                    { importer: "CHN", exporter: "USA", sector: "goods", tariff_add: 0 }]),
                   "US +50 points on Chinese goods");
    check(moved.USA.value !== 0, "the tariff moves US real income");
    await page.screenshot({ path: join(shots, "page.png"), fullPage: true });
    const map = await page.$("#map");
    await map.screenshot({ path: join(shots, "map.png") });

    // Hover details.
    // A point inside the United States' shape (its bounding box includes Alaska and sea).
    const usPoint = () => page.evaluate(() => {
      const p = document.querySelector('#map path.country[data-iso="USA"]');
      const r = p.getBoundingClientRect();
      for (let y = r.top + 2; y < r.bottom; y += 4)
        for (let x = r.left + 2; x < r.right; x += 4)
          if (document.elementFromPoint(x, y) === p) return { x, y };
      return null;
    });
    const at = await usPoint();
    check(at !== null, "the United States can be pointed at on the map");
    if (at) await page.mouse.move(at.x, at.y);
    const tipText = await page.$eval("#tip", (t) => (t.hidden ? "" : t.textContent));
    check(/United States/.test(tipText) && /real income/.test(tipText), `hovering the US shows its numbers: ${tipText}`);

    // China's retaliation in one sector group, an export ban and the short horizon.
    await page.select("#group", "goods");
    await page.$eval("#cn", (el) => { el.value = "25"; el.dispatchEvent(new Event("input", { bubbles: true })); });
    seq = await waitSolved(page, seq);
    const banSector = await page.$eval("#ban-sector", (s) => s.value);
    await page.click("#ban");
    seq = await waitSolved(page, seq);
    const rows = [{ importer: "USA", exporter: "CHN", sector: "goods", tariff_add: 0.5 },
                  { importer: "CHN", exporter: "USA", sector: "goods", tariff_add: 0.25 },
                  { importer: "USA", exporter: "CHN", sector: banSector, iceberg_hat: "inf" }];
    compareNumbers(await shownNumbers(page), cliSolve(rows), "with retaliation and an export ban");
    const share = await page.$eval("#china-share", (e) => e.textContent);
    check(/China's share of US imports: [\d.]+% → [\d.]+%/.test(share), `the diversion panel says China's share: ${share}`);

    // The URL reproduces the state.
    const url = page.url();
    check(/us=50/.test(url) && /cn=25/.test(url) && /ban=/.test(url), `the URL holds the state: ${url}`);
    const again = await browser.newPage();
    again.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    await again.setViewport({ width: 1400, height: 1000 });
    await again.goto(url, { waitUntil: "networkidle0", timeout: 120000 });
    await waitSolved(again, 0);
    compareNumbers(await shownNumbers(again), cliSolve(rows), "the page opened at the URL");
    await again.close();

    // Uncertainty on: the map's bands are those of `tradewar solve --draws 50` for the same
    // policy (its default seed); countries whose band straddles zero are drawn lighter.
    await page.select("#uncertainty", "50");
    await page.waitForFunction((n) => Number(document.body.dataset.bands || 0) === n, { timeout: 600000 }, seq);
    const ref = cliSolve(rows, ["--draws", "50"]).uncertainty;
    const refBand = Object.fromEntries(ref.countries.map((c) => [c.code, c.real_income_pct]));
    const mapped = await page.$$eval("#map path.country", (ps) => ps.map((p) => ({
      code: p.dataset.code, p5: p.dataset.p5, p95: p.dataset.p95, straddles: p.classList.contains("straddles"),
      opacity: p.getAttribute("fill-opacity") })));
    check(mapped.every((p) => !p.code || (Number(p.p5) === refBand[p.code].p5 && Number(p.p95) === refBand[p.code].p95)),
          "every country's band on the map is tradewar solve --draws 50's");
    const want = mapped.filter((p) => p.code && refBand[p.code].p5 < 0 && refBand[p.code].p95 > 0).length;
    check(want > 0 && mapped.filter((p) => p.straddles && p.opacity === "0.4").length === want,
          `the ${want} countries whose band straddles zero are drawn lighter`);
    check(await page.$eval("#band-note", (e) => !e.hidden), "the map says what the lighter fill means");
    // Found again: the map moves when the status line above it wraps (its text grows with the
    // bands' timing).
    const atBands = await usPoint();
    check(atBands !== null, "the United States can be pointed at on the map with bands");
    if (atBands) await page.mouse.move(atBands.x + 1, atBands.y);
    const bandTip = await page.$eval("#tip", (t) => (t.hidden ? "" : t.textContent));
    const usBand = `${refBand.USA.p5.toFixed(3)}% to ${refBand.USA.p95.toFixed(3)}%`;
    check(bandTip.includes("5–95% band over 50 draws") && bandTip.includes(usBand),
          `hovering the US shows its band ${usBand}: ${bandTip}`);
    await map.screenshot({ path: join(shots, "map-bands.png") });
    check(/draws=50/.test(page.url()), `the URL holds the uncertainty: ${page.url()}`);
    await page.select("#uncertainty", "");
    check(await page.$eval("#band-note", (e) => e.hidden), "uncertainty off hides the bands");

    // The scenario timeline and the brief.
    await page.select("#scenario", "us_china_2025");
    await page.waitForFunction(() => document.body.dataset.timeline === "us_china_2025", { timeout: 300000 });
    const briefRows = await page.$$eval("#brief tbody tr", (trs) => trs.length);
    check(briefRows >= 2, `the brief lists the scenario's groups (${briefRows} rows)`);
    const lines = await page.evaluate(() => window.tradewar.timelineDoc.branches.length);
    check(lines >= 2, "the timeline has its branches");
    const tl = await page.$("#timeline-panel");
    await tl.screenshot({ path: join(shots, "timeline.png") });
    check(await page.$eval("#branch", (s) => s.value) === "extended",
          "the branch shown is the scenario's last outcome (extended) at first");
    check(await page.evaluate(() => window.tradewar.shown === window.tradewar.seq &&
                                    document.body.dataset.branch === "extended"), "the timeline shows it");

    // The slider answers are the summary documents (docs/api.md); their numbers are the CLI's
    // (checked above), the download takes the full document.
    check(await page.evaluate(() => window.tradewar.solveDoc.detail === "summary"),
          "slider moves are answered with the summary document");

    // Switching the truce's outcome: the snapped-back branch alone, as a step that holds.
    await page.select("#branch", "snapped back");
    await page.waitForFunction(() => document.body.dataset.branch === "snapped back", { timeout: 30000 });
    const drawn2 = await page.evaluate(() => {
      const t = window.tradewar.timelineDoc;
      return { datasets: window.tradewar.timelineChart().data.datasets.map((d) => d.data.map((p) => [p.x, p.y, p.k])),
               steps: t.steps.length, brief: document.querySelector("#brief thead th").textContent };
    });
    const path = [0, 1, 2, 3, 4, 5, 6, 7, 8]; // us_china_2025: main to the fork, then the snap-back
    check(drawn2.datasets.length >= 2 && drawn2.datasets.every((d) => d.length === path.length + 1 &&
            d.slice(0, -1).every((p, i) => p[2] === path[i])),
          `the snapped-back branch is drawn alone, main's steps then its own: ${JSON.stringify(drawn2.datasets[0])}`);
    check(drawn2.datasets.every((d) => d[d.length - 1][0] > d[d.length - 2][0] &&
                                         d[d.length - 1][1] === d[d.length - 2][1]),
          "its last state is a segment that holds, not a spike");
    check(/snapped back/.test(drawn2.brief), `the brief is at the branch's last step: ${drawn2.brief}`);
    await (await page.$("#timeline-panel")).screenshot({ path: join(shots, "timeline-snapped.png") });

    // Tariffs relative to a scenario step: the controls add to the policy in force at 10
    // February 2025 (step 1); the numbers are tradewar solve's for the same policy.
    await page.click("#ban"); // no ban: its row would repeat a sector row of the scenario's
    seq = await waitSolved(page, seq);
    await page.select("#base", "1");
    seq = await waitSolved(page, seq);
    const stepRows = [...scenarioRows("us_china_2025", "2025-02-10"),
                      { importer: "USA", exporter: "CHN", sector: "goods", tariff_add: 0.5 },
                      { importer: "CHN", exporter: "USA", sector: "goods", tariff_add: 0.25 }];
    check(stepRows.length > 20, `the scenario's first two events have rows (${stepRows.length})`);
    compareNumbers(await shownNumbers(page), cliSolve(stepRows), "the controls on top of step 1 (2025-02-10)");
    check(/step=1/.test(page.url()) && /branch=snapped/.test(page.url()), `the URL holds the step and branch: ${page.url()}`);
    await page.screenshot({ path: join(shots, "page-scenario.png"), fullPage: true });

    // A scenario with odds: the chart adds each group's odds-weighted expected path, the
    // command line's `run --json` "policy_uncertainty" (the same document from the server).
    await page.select("#scenario", "us_china_2025_odds");
    await page.waitForFunction(() => document.body.dataset.timeline === "us_china_2025_odds", { timeout: 300000 });
    const oddsRef = JSON.parse(execFileSync(TRADEWAR, ["run", "us_china_2025_odds", "--json"],
      { env: scenarioEnv, maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] })).policy_uncertainty;
    const odds = await page.evaluate(() => {
      const ds = window.tradewar.timelineChart().data.datasets;
      return { odds: window.tradewar.odds, status: document.getElementById("status").textContent,
               expected: ds.filter((d) => / expected$/.test(d.label)).map((d) => ({ label: d.label, pts: d.data.map((p) => [p.x, p.y, p.k]) })) };
    });
    check(odds.odds && JSON.stringify(odds.odds) === JSON.stringify(oddsRef),
          "the page's odds are `tradewar run --json`'s policy_uncertainty");
    check(/odds snapped back 0\.4, extended 0\.6/.test(odds.status), `the status gives the odds: ${odds.status}`);
    const names = Object.keys(oddsRef.certainty).filter((n) => n !== "World").slice(0, 6);
    check(odds.expected.length === names.length, `one expected path per group drawn (${odds.expected.length} of ${names.length})`);
    for (const e of odds.expected) {
      const name = e.label.replace(/ expected$/, "");
      const want = oddsRef.dates.filter((d) => d.real_income_pct[name].expected != null)
        .map((d) => [Date.parse(`${d.date}T00:00:00Z`) / 864e5, d.real_income_pct[name].expected]);
      check(want.length > 0 && e.pts.length === want.length + 1 &&
            want.every(([x, y], i) => e.pts[i][0] === x && e.pts[i][1] === y),
            `${name}: the dashed path is the expected real income at every date`);
    }
    await (await page.$("#timeline-panel")).screenshot({ path: join(shots, "timeline-odds.png") });
    checkShot(join(shots, "page.png"), 1200, 900);
    checkShot(join(shots, "map.png"), 500, 250);
    checkShot(join(shots, "map-bands.png"), 500, 250);
    checkShot(join(shots, "timeline.png"), 300, 200);
    checkShot(join(shots, "timeline-snapped.png"), 300, 200);
    checkShot(join(shots, "timeline-odds.png"), 300, 200);
  } finally {
    await close(browser, server);
    rmSync(scenarioDir, { recursive: true, force: true });
  }
  done(errors);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
