// Reports the gzip size of the JavaScript the first page load fetches: the entry
// chunk and every chunk it imports statically (the <script> and <link rel=modulepreload>
// tags of dist/index.html). Lazily imported route chunks are not counted. Fails the
// build above the 300 KB budget of issue 14.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const f of files) {
  const gz = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  total += gz;
  console.log(`  ${f}: ${(gz / 1024).toFixed(1)} KB gzip`);
}
const budget = 300 * 1024;
console.log(`first-load JavaScript: ${(total / 1024).toFixed(1)} KB gzip (budget 300 KB)`);
if (files.length === 0 || total >= budget) {
  console.error("first-load JavaScript over budget (or no entry found)");
  process.exit(1);
}
