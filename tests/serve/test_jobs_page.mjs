// SPDX-License-Identifier: MIT
// The page's games panel (docs/page.md "Games", web/src/jobs.js) in Debian's headless
// Chromium through puppeteer-core: a US-China war started from the panel ends with the table
// of `tradewar war --json` (the same numbers as text), an escalation shows its path, a long
// war is cancelled from the panel, and nothing goes to the console. Environment as
// test_page.mjs: TRADEWAR, TW_SOURCE_DIR, TW_PAGE_DIR, TW_SHOTS, CHROMIUM.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";

import { TRADEWAR, check, close, done, openPage, shots, startServer } from "./page_lib.mjs";

const GUARD = 600000; // ms before a wait is called a hang (not a timing check)

const cli = (...args) => JSON.parse(execFileSync(TRADEWAR, [...args, "--json"],
  { maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] }));

async function run(page, kind, players) {
  await page.select("#job-kind", kind);
  await page.$eval("#job-players", (e, v) => { e.value = v; }, players);
  const before = await page.evaluate(() => window.tradewarJobs.id);
  await page.click("#job-start");
  await page.waitForFunction((b) => window.tradewarJobs.id && window.tradewarJobs.id !== b, { timeout: GUARD }, before);
}

const finished = (page) => page.waitForFunction(() => {
  const d = window.tradewarJobs.doc;
  return d && !["queued", "running"].includes(d.state) && !document.getElementById("job-start").disabled;
}, { timeout: GUARD });

const cells = (page) => page.$$eval("#job-result tbody tr", (trs) => trs.map((tr) =>
  [...tr.querySelectorAll("td")].map((td) => td.textContent)));

async function main() {
  const server = await startServer(["--timeout", "3600"]);
  const { browser, page, errors } = await openPage(server);
  try {
    check(await page.$("#jobs-panel") !== null, "the games panel is on the page");

    // A war: the table is tradewar war's numbers, as text with the panel's decimals.
    await run(page, "war", "USA,CHN");
    await finished(page);
    const war = cli("war", "--players", "USA,CHN");
    const state = await page.evaluate(() => window.tradewarJobs.doc.state);
    check(state === "done", `the war ends done, got ${state}`);
    const rows = await cells(page);
    const want = war.players.map((p) => [p.code, p.avg_tariff_goods_import_weighted_today_pct.toFixed(2),
      p.avg_tariff_goods_import_weighted_pct.toFixed(2), p.real_income_pct.toFixed(4)]);
    check(JSON.stringify(rows.map((r) => r.slice(0, 4))) === JSON.stringify(want),
          `the war's table ${JSON.stringify(rows)} shows tradewar war's ${JSON.stringify(want)}`);
    const panel = await page.$("#jobs-panel");
    await panel.screenshot({ path: join(shots, "jobs-war.png") });
    check(statSync(join(shots, "jobs-war.png")).size > 5000, "the panel's screenshot is not empty");

    // An escalation: one row per round of its path.
    await run(page, "escalate", "USA,CHN");
    await finished(page);
    const esc = await page.evaluate(() => window.tradewarJobs.doc);
    const escRows = await cells(page);
    check(esc.state === "done" && escRows.length === esc.result.rounds.length && escRows.length > 1,
          `the escalation's path is drawn, a row per round (${escRows.length})`);

    // A war among every country, cancelled from the panel.
    await page.select("#job-kind", "war");
    await run(page, "war", "all");
    await page.waitForFunction(() => window.tradewarJobs.doc.state === "running", { timeout: GUARD, polling: 50 });
    await page.click("#job-cancel");
    await finished(page);
    const end = await page.evaluate(() => [window.tradewarJobs.doc.state, document.getElementById("job-status").textContent]);
    check(end[0] === "cancelled" && end[1].includes("cancelled"), `cancel ends the war cancelled: ${end}`);
  } finally {
    await close(browser, server);
  }
  done(errors);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
