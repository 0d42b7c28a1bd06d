// SPDX-License-Identifier: MIT
// Shared set-up of the browser tests (test_page.mjs, test_jobs_page.mjs): the checks, a
// server on a free port, Debian's headless Chromium through puppeteer-core (web/node_modules)
// on the page with every console error and failed request recorded, and the end of the run.
// Environment: TRADEWAR, TW_SOURCE_DIR, TW_PAGE_DIR (the built page), TW_SHOTS (where the
// screenshots go), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const src = process.env.TW_SOURCE_DIR;
export const require = createRequire(join(src, "web", "package.json"));
const puppeteer = require("puppeteer-core");
export const TRADEWAR = process.env.TRADEWAR;
export const shots = process.env.TW_SHOTS;
mkdirSync(shots, { recursive: true });

export const failures = [];
export function check(cond, what) {
  if (!cond) {
    failures.push(what);
    console.error("FAIL:", what);
  }
  return cond;
}

// `tradewar serve --port 0 --page TW_PAGE_DIR` with extra arguments and environment: resolves
// to { proc, port, stderr() } once it prints its address.
export function startServer(extra = [], env = process.env) {
  return new Promise((resolve, reject) => {
    const p = spawn(TRADEWAR, ["serve", "--port", "0", ...extra, "--page", process.env.TW_PAGE_DIR],
                    { stdio: ["ignore", "pipe", "pipe"], env });
    let out = "", err = "";
    p.stderr.on("data", (d) => { err += d; });
    p.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({ proc: p, port: Number(m[1]), stderr: () => err });
    });
    p.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

// The browser on the server's page (1400x1000): { browser, page, errors }, errors collecting
// console errors and warnings, page errors, failed requests and HTTP errors.
export async function openPage(server) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--no-proxy-server", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const errors = [];
  const page = await browser.newPage();
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warn") errors.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(`http://127.0.0.1:${server.port}/`, { waitUntil: "networkidle0", timeout: 120000 });
  return { browser, page, errors };
}

// Closes the browser and the server (in a finally block).
export async function close(browser, server) {
  await browser.close();
  server.proc.kill("SIGTERM");
}

// After the checks: nothing went to the console; exits 0 if every check passed.
export function done(errors) {
  check(errors.length === 0, `no console errors or failed requests: ${errors.join("; ")}`);
  console.log(failures.length ? `${failures.length} failed` : "all checks passed");
  process.exit(failures.length ? 1 : 0);
}
