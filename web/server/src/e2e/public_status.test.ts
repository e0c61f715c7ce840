// The public status check in a real browser on a phone-sized screen, without
// signing in (docs/public-status.md): the development provider's sign-in page
// links to the console's /cek-status, which needs no session; a valid full name
// that is in no register entry answers "Tidak terdaftar", a one-word name the
// server's own INVALID_ARGUMENT naming full_name; usulan-web forwards the call
// without a session, and its own per-address limit answers RESOURCE_EXHAUSTED
// past its burst. The page fits 360 px, is axe-clean, and leaves nothing in
// the browser's storage. (A listed member found by name, masked, is proven
// through the real server by usulan_public_status_e2e_tests.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { axeScreens, dependentSteps, fitsWidth, startConsole, stopConsole, type ConsoleRun } from "./console_steps.js";
import { gotoPast } from "./session.js";

let run: ConsoleRun;
let page: Page;
let web: string;
const step = dependentSteps(() => page, "public-status");
const { violations, check } = axeScreens("public-status");
const name = "Nurhayati Wulandari Sukmawijaya";

before(async () => {
  ({ page, web } = run = await startConsole({ width: 360, height: 780 }));
});

after(() => stopConsole(run));

async function fill(codes: [string, string, string, string], fullName: string): Promise<void> {
  for (const [i, key] of ["province", "kabupaten", "kecamatan", "desa"].entries()) {
    await page.getByTestId(`status-${key}`).fill(codes[i]!);
  }
  await page.getByTestId("status-full-name").fill(fullName);
  await page.getByTestId("status-check").click();
}

step("the sign-in page links to the status check, which needs no session", async () => {
  await run.browser.context.clearCookies();
  await gotoPast(page, `${web}/auth/login`);
  await page.getByLabel("ID pengguna").waitFor();
  await page.getByRole("link", { name: "Cek status bantuan sosial tanpa masuk" }).click();
  await page.waitForURL(`${web}/cek-status`);
  await page.getByRole("heading", { name: "Cek status bantuan sosial" }).waitFor();
  const cookies = await run.browser.context.cookies(web);
  assert.equal(cookies.filter((c) => c.name.includes("session")).length, 0, "no session was made");
  await fitsWidth(page, 360);
  await check(page, "form");
});

step("a full name in no register entry is not listed; a one-word name is refused by the server", async () => {
  await fill(["32", "3201", "320101", "3201012002"], name);
  await page.getByTestId("status-not-listed").waitFor();
  assert.equal(await page.getByTestId("status-match").count(), 0);
  await fitsWidth(page, 360);
  await check(page, "not-listed");
  await fill(["32", "3201", "320101", "3201012002"], "Nurhayati");
  const error = page.getByTestId("error");
  await error.waitFor();
  assert.match(await error.innerText(), /full_name must have at least two words/);
  await fill(["32", "3301", "320101", "3201012002"], name);
  await page.getByText(/kabupaten_code is not under province_code/).waitFor();
  await check(page, "refused");
  // The name typed stays in the page: nothing in the browser's storage.
  const kept = await page.evaluate(async () => {
    const dump = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i)!)]));
    return JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage), databases: await indexedDB.databases(), cookies: document.cookie });
  });
  assert.ok(!kept.includes("Nurhayati"), `the browser's storage holds the name: ${kept}`);
});

step("usulan-web forwards it without a session, behind its own limit per address", async () => {
  const ask = () =>
    page.evaluate(async (fullName) => {
      const res = await fetch("/usulan.v1.PublicStatusService/CheckStatus", {
        method: "POST",
        headers: { "content-type": "application/json", "connect-protocol-version": "1" },
        body: JSON.stringify({ provinceCode: "32", kabupatenCode: "3201", kecamatanCode: "320101", desaCode: "3201012001", fullName }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }, name);
  const first = await ask();
  assert.equal(first.status, 200, JSON.stringify(first.body));
  // usulan-web's default burst is 10 per address: it refuses before the server.
  let refused: { status: number; body: Record<string, unknown> } | undefined;
  for (let i = 0; i < 12 && !refused; i++) {
    const answer = await ask();
    if (answer.status !== 200) refused = answer;
  }
  assert.ok(refused, "no refusal after the burst");
  assert.equal(refused.status, 429, JSON.stringify(refused.body));
  assert.equal(refused.body["code"], "resource_exhausted");
  assert.match(String(refused.body["message"]), /retry in \d+ s/);
});

test("axe finds nothing serious or critical on the status check", () => {
  assert.deepEqual(violations, Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
});
