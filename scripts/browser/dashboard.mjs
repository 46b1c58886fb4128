// Browser tests of the dashboard in Debian's headless Chromium, driven by
// playwright-core (no browser download). For each role: sign in, open every
// page (each must give the role's expected status), run axe-core on it
// (WCAG 2.0–2.2 A/AA; serious or critical violations fail), take a
// screenshot, click through to a child list (or see it refused) and
// download a table as CSV. A manager also changes an action's BRAG status on
// its page and sees the plan page show it.
//
//   SCRUTINY_URL=http://127.0.0.1:8093 SCRUTINY_LOGINS=logins.json SCRUTINY_SCREENSHOTS=dir node dashboard.mjs
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const axe = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const base = process.env.SCRUTINY_URL;
const logins = JSON.parse(readFileSync(process.env.SCRUTINY_LOGINS, "utf8"));
const shots = process.env.SCRUTINY_SCREENSHOTS;
mkdirSync(shots, { recursive: true });

// Page → roles that may open it. Everyone else must get 403.
const pages = [
  ["/", ["member", "manager", "analyst", "admin"]],
  ["/domains/child_protection", ["member", "manager", "analyst", "admin"]],
  ["/indicators/CP-01", ["member", "manager", "analyst", "admin"]],
  ["/caseloads", ["member", "manager", "analyst", "admin"]],
  ["/workforce", ["member", "manager", "analyst", "admin"]],
  ["/plan", ["member", "manager", "analyst", "admin"]],
  ["/plan/actions/IP-01", ["member", "manager", "analyst", "admin"]],
  ["/exceptions", ["manager", "analyst"]],
  ["/exceptions?list=assessments-overdue", ["manager", "analyst"]],
  ["/imports", ["analyst"]],
  ["/users", ["admin"]],
  ["/access-log", ["admin"]],
];

const failures = [];
const fail = (m) => {
  failures.push(m);
  console.error("FAIL " + m);
};

// axe-core on the page as it is: serious or critical violations fail.
async function accessible(page, what) {
  await page.addScriptTag({ content: axe });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
  for (const v of violations) fail(`${what}: accessibility: ${v}`);
}

const browser = await chromium.launch({ executablePath: process.env.SCRUTINY_CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  for (const [role, login] of Object.entries(logins)) {
    // bypassCSP lets the test add axe-core to pages whose policy forbids scripts.
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(base + "/");
    if (!page.url().includes("/login")) fail(`${role}: signed out, / did not lead to the sign-in page`);
    await page.getByLabel("Name").fill(login.name);
    await page.getByLabel("Password").fill(login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForLoadState();
    if (new URL(page.url()).pathname !== "/") fail(`${role}: after signing in, at ${page.url()}`);

    for (const [path, allowed] of pages) {
      const resp = await page.goto(base + path);
      const want = allowed.includes(role) ? 200 : 403;
      if (resp.status() !== want) fail(`${role} ${path}: ${resp.status()}, want ${want}`);
      const name = `${role}${path.replace(/[^a-z0-9]+/gi, "-")}`.replace(/-$/, "");
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
      await accessible(page, `${role} ${path}`);
    }

    // Click through from an indicator to the children behind it, or see it refused.
    await page.goto(base + "/indicators/CP-01?period=2024-25");
    const link = page.getByRole("link", { name: "The children in the numerator" });
    if (["manager", "analyst"].includes(role)) {
      await link.click();
      await page.waitForLoadState();
      const rows = await page.locator("#table-children tbody tr").count();
      if (!page.url().includes("/indicators/CP-01/children") || rows < 1) fail(`${role}: the child list did not open (${page.url()}, ${rows} rows)`);
      // An analyst sees every child: the list for a year is not empty.
      const first = await page.locator("#table-children tbody tr").first().innerText();
      if (role === "analyst" && first.trim() === "None.") fail("analyst: the year's child list is empty");
      await page.screenshot({ path: join(shots, `${role}-child-list.png`), fullPage: true });
    } else {
      if ((await link.count()) !== 0) fail(`${role}: offered a link to children's records`);
      const resp = await page.goto(base + "/indicators/CP-01/children?set=numerator");
      if (resp.status() !== 403) fail(`${role}: child list gave ${resp.status()}, want 403`);
      await page.screenshot({ path: join(shots, `${role}-child-list-refused.png`), fullPage: true });
    }

    // A manager updates an action from the plan page: the first one not yet Blue becomes Blue, with evidence.
    if (role === "manager") {
      await page.goto(base + "/plan");
      const open = page.locator("#table-plan-actions tbody tr").filter({ hasNot: page.locator("td", { hasText: /^Blue$/ }) }).first();
      const ref = (await open.locator("th a").innerText()).trim();
      await open.locator("th a").click();
      await page.waitForLoadState();
      await page.getByLabel("BRAG status").selectOption("blue");
      await page.getByLabel("Evidence note (optional)").fill("Audit of 20 cases in March: every child seen within timescale.");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.waitForLoadState();
      if (!page.url().endsWith("?saved=1") || (await page.getByText("Your change has been recorded").count()) !== 1) fail(`manager: the change to ${ref} was not recorded (${page.url()})`);
      const last = await page.locator("#table-action-history tbody tr").last().innerText();
      if (!/Blue/.test(last) || !last.includes(login.name)) fail(`manager: ${ref}'s history does not end with Blue by ${login.name}: ${JSON.stringify(last)}`);
      await page.screenshot({ path: join(shots, "manager-plan-edit.png"), fullPage: true });
      await accessible(page, `manager ${ref} after saving`);
      await page.goto(base + "/plan");
      const row = page.locator("#table-plan-actions tbody tr").filter({ has: page.getByRole("link", { name: ref, exact: true }) });
      const status = (await row.locator("td").nth(3).innerText()).trim();
      if (status !== "Blue") fail(`manager: the plan page shows ${ref} as ${JSON.stringify(status)}, want Blue`);
    }

    // Download the first table of the caseloads page.
    await page.goto(base + "/caseloads");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download this table as CSV/ }).first().click()]);
    const path = await download.path();
    const csv = readFileSync(path, "utf8");
    if (!csv.startsWith("Team,Service,")) fail(`${role}: the caseload CSV starts ${JSON.stringify(csv.slice(0, 40))}`);

    // Sign out: the session is gone.
    await page.getByRole("button", { name: /Sign out/ }).click();
    await page.waitForLoadState();
    const after = await page.goto(base + "/workforce");
    if (!page.url().includes("/login") || after.status() !== 200) fail(`${role}: still signed in after signing out`);
    await context.close();
    console.log(`${role}: ${pages.length} pages, child list, ${role === "manager" ? "plan edit, " : ""}CSV download and sign-out checked`);
  }
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(`${failures.length} browser test failure(s)`);
  process.exit(1);
}
console.log(`Browser tests passed; screenshots in ${shots}`);
