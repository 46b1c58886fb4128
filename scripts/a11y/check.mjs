// Runs axe-core (WCAG 2.0–2.2 A/AA rules and best practices) on HTML files in
// Debian's headless Chromium and fails on any serious or critical violation.
// No browser driver: axe is added to a copy of the page, which writes its
// results into the DOM that Chromium dumps.
//
//   node scripts/a11y/check.mjs report.html [more.html …]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const axe = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const chromium = process.env.SCRUTINY_CHROMIUM || "chromium";
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check.mjs FILE.html …");
  process.exit(2);
}

const runner = `
<script>${axe}</script>
<script>
axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] }, resultTypes: ["violations"] })
  .then(r => { const p = document.createElement("pre"); p.id = "axe-results"; p.textContent = JSON.stringify(r.violations); document.body.appendChild(p); })
  .catch(e => { const p = document.createElement("pre"); p.id = "axe-results"; p.textContent = JSON.stringify({ error: String(e) }); document.body.appendChild(p); });
</script>`;

let serious = 0;
for (const file of files) {
  const html = readFileSync(file, "utf8");
  const work = mkdtempSync(join(tmpdir(), "scrutiny-a11y-"));
  try {
    const page = join(work, "page.html");
    writeFileSync(page, html.replace("</body>", runner + "</body>"));
    const dom = execFileSync(chromium, [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", `--user-data-dir=${join(work, "profile")}`,
      "--virtual-time-budget=120000", "--dump-dom", `file://${page}`,
    ], { maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"], timeout: 300000 }).toString();
    const m = dom.match(/<pre id="axe-results">([\s\S]*?)<\/pre>/);
    if (!m) throw new Error(`${file}: axe did not report (Chromium ran, but no results in the page)`);
    const text = m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    const violations = JSON.parse(text);
    if (violations.error) throw new Error(`${file}: axe failed: ${violations.error}`);
    const bad = violations.filter(v => v.impact === "serious" || v.impact === "critical");
    serious += bad.length;
    console.log(`${file}: ${violations.length} axe violation(s), ${bad.length} serious or critical`);
    for (const v of violations) {
      console.log(`  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s)) e.g. ${v.nodes[0]?.target?.join(" ")}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
process.exit(serious > 0 ? 1 : 0);
