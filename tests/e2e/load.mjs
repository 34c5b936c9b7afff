// A bounded load test of `govsearch serve` on loopback: 50 concurrent
// clients, at most 2,000 requests and 20 seconds per endpoint. Prints p50
// and p99 latency and the status counts for search, trend and KWIC.
// Usage: node load.mjs INDEX_DIR [GOVSEARCH_BIN]
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { resolve } from "node:path";

const index = process.argv[2];
const bin = process.argv[3] || resolve(import.meta.dirname, "../../target/release/govsearch");
const CLIENTS = 50;
const MAX_REQUESTS = 2000;
const MAX_MS = 20000;
const TERMS = ["发展", "计划生育", "乡村振兴", "营商环境", "安全生产", "文明行为", "就业", "教育", "低保", "环境保护"];

const server = spawn(bin, ["serve", "--index", index, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
const first = await new Promise((done) => createInterface({ input: server.stdout }).once("line", done));
const base = first.replace("listening on ", "");

async function run(name, path) {
  const times = [];
  const statuses = {};
  let sent = 0;
  const start = performance.now();
  async function client() {
    while (sent < MAX_REQUESTS && performance.now() - start < MAX_MS) {
      const term = sent++;
      const t0 = performance.now();
      const response = await fetch(base + path(term));
      await response.arrayBuffer();
      times.push(performance.now() - t0);
      statuses[response.status] = (statuses[response.status] || 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, client));
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(`| ${name} | ${times.length} | ${at(0.5)} | ${at(0.99)} | ${JSON.stringify(statuses)} |`);
}

console.log(`| endpoint, ${CLIENTS} clients | requests | p50 ms | p99 ms | statuses |`);
console.log("|---|---|---|---|---|");
const popular = (i) => encodeURIComponent(TERMS[i % TERMS.length]);
// Every request a different query (two terms and a year): the server's
// cache of answers never helps.
const distinct = (i) =>
  encodeURIComponent(`${TERMS[i % 10]} ${TERMS[Math.floor(i / 10) % 10]} year:${1954 + (Math.floor(i / 100) % 72)}`);
await run("search, 10 popular terms again and again", (i) => `/api/search?q=${popular(i)}&limit=10`);
await run("search, every query different", (i) => `/api/search?q=${distinct(i)}&limit=10`);
await run("trend (whole corpus, by year)", (i) => `/api/trend?q=${popular(i)}`);
await run("kwic (first 50 lines)", (i) => `/api/kwic?q=${popular(i)}&limit=50`);
server.kill();
