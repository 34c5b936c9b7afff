// End-to-end flows of the archive page in headless Chromium, against a real
// `govsearch serve` on a free loopback port over documents of
// ../shared/corpora and one scraped page that carries a <script>.
// Run by tests/browser.rs (cargo test) with GOVSEARCH_BIN set; screenshots
// go to GOVSEARCH_SCREENSHOTS (default target/e2e).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const repo = resolve(import.meta.dirname, "../..");
const bin = process.env.GOVSEARCH_BIN || join(repo, "target/release/govsearch");
const shots = process.env.GOVSEARCH_SCREENSHOTS || join(repo, "target/e2e");
const corpora = resolve(repo, "../shared/corpora");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";

let server;
let base;
let browser;

function copySource(name, into) {
  const from = join(corpora, name);
  const to = join(into, name);
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from)) {
    if (file.endsWith(".txt") && !file.startsWith("_")) copyFileSync(join(from, file), join(to, file));
  }
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "govsearch-e2e-"));
  const corpus = join(dir, "corpus");
  for (const source of ["national_gwr_wikisource", "baoding_county_gwr", "mpr_civility_regs"]) copySource(source, corpus);
  // A scraped page whose text holds markup: it must show as text and run nothing.
  writeFileSync(join(corpus, "hostile.txt"),
    "关于加强文明行为促进工作的通知\n<script>window.__pwned = 1; document.title = 'pwned'</script>\n" +
    "<img src=x onerror=\"window.__pwned = 2\">各地要把文明行为促进工作摆上重要议程。\n");
  const index = join(dir, "index");
  execFileSync(bin, ["index", corpus, "--index", index], { stdio: "ignore" });
  server = spawn(bin, ["serve", "--index", index, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  const first = await new Promise((done) => createInterface({ input: server.stdout }).once("line", done));
  assert.match(first, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
  base = first.replace("listening on ", "");
  browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

async function page() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.errors = errors;
  return p;
}

test("search, filter by a year bar, expand a region, open a document, next match, citation", async () => {
  const p = await page();
  await p.goto(base + "/");
  await p.fill("#q", "乡村振兴");
  await p.press("#q", "Enter");
  await p.waitForSelector(".hit");
  assert.match(new URL(p.url()).search, /q=%E4%B9%A1%E6%9D%91%E6%8C%AF%E5%85%B4/);
  const before = await p.textContent(".summary");
  await p.screenshot({ path: join(shots, "search.png") });
  // A year bar filters, and the permalink carries it.
  await p.click("svg.histogram rect[data-year='2022']");
  await p.waitForFunction(() => new URL(location.href).searchParams.get("year") === "2022");
  await p.waitForSelector(".chip");
  const after = await p.textContent(".summary");
  assert.notEqual(before, after);
  for (const meta of await p.$$eval(".hit .meta", (ms) => ms.map((m) => m.textContent))) assert.match(meta, /2022/);
  // Expand the region tree: 河北省 › 保定市.
  await p.click(".tree summary:has(a[data-region='河北省'])");
  await p.waitForSelector(".tree a[data-region='河北省/保定市']", { state: "visible" });
  // Open the first document and walk its matches.
  await p.click(".hit .doc-link");
  await p.waitForSelector("#doc-text mark");
  assert.match(p.url(), /\/doc\/[0-9a-f]{16}\?q=/);
  await p.click("#next-match");
  assert.equal(await p.$$eval("mark.current", (m) => m.length), 1);
  assert.match(await p.textContent("#match-counter"), /^match 1 of \d+/);
  await p.keyboard.press("n");
  assert.match(await p.textContent("#match-counter"), /^match 2 of \d+/);
  await p.keyboard.press("p");
  assert.match(await p.textContent("#match-counter"), /^match 1 of \d+/);
  assert.equal(await p.textContent("mark.current"), "乡村振兴");
  // A passage anchor, and a citation that links to it.
  const anchor = await p.getAttribute("#doc-text p:nth-of-type(3) .anchor", "href");
  await p.click("#doc-text p:nth-of-type(3) .anchor");
  await p.click("#copy-citation");
  const citation = await p.inputValue("#citation");
  assert.ok(citation.includes(await p.textContent("#doc-title")), citation);
  assert.ok(citation.endsWith(anchor), citation);
  await p.screenshot({ path: join(shots, "reader.png") });
  assert.deepEqual(p.errors, []);
});

test("trend and KWIC views, and the CSV export", async () => {
  const p = await page();
  await p.goto(base + "/?q=" + encodeURIComponent("乡村振兴 脱贫攻坚") + "&view=trend");
  await p.waitForSelector("#trend-chart polyline");
  assert.equal(await p.$$eval("#trend-chart polyline", (l) => l.length), 2);
  assert.ok((await p.$$("#trend-chart .first")).length >= 1);
  await p.selectOption("#select-per", "raw");
  await p.waitForFunction(() => new URL(location.href).searchParams.get("per") === "raw");
  await p.waitForSelector("#trend-chart polyline");
  await p.screenshot({ path: join(shots, "trend.png") });
  // A point links to the hits behind it.
  const href = await p.getAttribute("#trend-chart a.point", "href");
  assert.match(href, /view=search/);
  await p.goto(base + "/?q=" + encodeURIComponent("文明行为") + "&view=kwic&sort=left");
  await p.waitForSelector("#kwic-table tr");
  const matches = await p.$$eval("#kwic-table td.match", (t) => t.map((x) => x.textContent));
  assert.ok(matches.length > 10);
  assert.ok(matches.every((m) => m === "文明行为"));
  await p.screenshot({ path: join(shots, "kwic.png") });
  const csv = await (await fetch(base + (await p.getAttribute("#kwic-csv", "href")))).text();
  assert.match(csv.split("\n")[0], /^id,path,year,region,left,match,right,offset/);
  // The search view's export.
  await p.goto(base + "/?q=" + encodeURIComponent("文明行为"));
  await p.waitForSelector("#export-csv");
  const [download] = await Promise.all([p.waitForEvent("download"), p.click("#export-csv")]);
  const path = await download.path();
  const text = (await import("node:fs")).readFileSync(path, "utf8");
  assert.match(text, /^# govsearch export: q=文明行为/);
  assert.deepEqual(p.errors, []);
});

test("a document holding <script> shows it as text and runs nothing", async () => {
  const p = await page();
  await p.goto(base + "/?q=" + encodeURIComponent("文明行为促进工作"));
  await p.waitForSelector(".hit");
  const link = p.locator(".hit .doc-link", { hasText: "关于加强文明行为促进工作的通知" });
  await link.click();
  await p.waitForSelector("#doc-text");
  const text = await p.textContent("#doc-text");
  assert.ok(text.includes("<script>window.__pwned = 1;"), text);
  assert.equal(await p.evaluate(() => window.__pwned), undefined);
  assert.notEqual(await p.title(), "pwned");
  assert.equal(await p.$$eval("#doc-text script, #doc-text img", (n) => n.length), 0);
  await p.screenshot({ path: join(shots, "hostile.png") });
  assert.deepEqual(p.errors, []);
});
