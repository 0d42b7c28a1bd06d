// SPDX-License-Identifier: MIT
// Builds the page (docs/page.md) into the directory given (the build tree's web/): the
// bundled script, the HTML and CSS, and the Natural Earth map from world-atlas.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error("usage: node build.mjs OUTDIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, "src/main.js")],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "iife",
  target: "es2020",
  outfile: join(out, "app.js"),
  logLevel: "warning",
});
for (const f of ["index.html", "style.css"]) copyFileSync(join(here, "src", f), join(out, f));
copyFileSync(join(here, "node_modules/world-atlas/countries-110m.json"), join(out, "countries-110m.json"));
