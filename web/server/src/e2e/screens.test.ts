// Every console screen the journey does not visit (issue 14: "an accessibility
// check with no serious or critical violations on every screen"), in Debian's
// chromium through the real console: each role's home, the lists, the draft
// editor, the withdraw and NIK-correction dialogs, a real CSV import with one
// bad row, and the English language switch. Each is saved as a screenshot
// (build/web-screenshots/screens-*.png) and its axe violations are asserted
// empty at the end. A stale version sent from a deliberation page must show
// the server's ABORTED message plainly, never an HTTP status or INTERNAL.
import { after, before, describe } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  axeScreens, confirmDialog, dependentSteps, expectState, fillHousehold, knownSukajayaHouseholds, openAction, signInAs,
  startConsole, stopConsole, type ConsoleRun,
} from "./console_steps.js";
import { call } from "./session.js";

let run: ConsoleRun;
let page: Page;
let web: string;

// Households of Desa Sukajaya: two the registry (deploy/scenario/registry.csv)
// knows, and one whose NIK it does not know (ends in NIK_MISMATCH).
const known = knownSukajayaHouseholds;
const unknownNik = { kk: "3201010201269990", nik: "3201010101909999", name: "Tidak Terdaftar", sex: "1", birth: "1990-01-01" };
const prelisted: string[] = [];

const { violations, check: checkPage } = axeScreens("screens");
const check = (name: string) => checkPage(page, name);
const as = (id: string) => signInAs(run, id);

async function visit(path: string, name: string): Promise<void> {
  await page.goto(`${web}${path}`);
  await page.locator("main").waitFor();
  await check(name);
}

// Fills the new-household form with one member and saves it as a draft; returns its id.
async function saveDraft(h: typeof unknownNik, rt: number): Promise<string> {
  await page.goto(`${web}/proposals/new`);
  await fillHousehold(page, {
    ...h, address: `Kampung Sukajaya RT 00${rt} RW 004`, job: "buruh tani",
    floorM2: "20", incomeIdr: "500000", expenditureIdr: "650000",
  });
  await page.getByTestId("save-draft").click();
  await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

async function submit(id: string): Promise<void> {
  await expectState(page, web, id, "DRAFT");
  await openAction(page, "submit");
  await confirmDialog(page, "submit");
}

const step = dependentSteps(() => page, "screens");

before(async () => {
  run = await startConsole();
  ({ page, web } = run);
});

after(() => stopConsole(run));

describe("every console screen passes axe", () => {
  step("the operator's home, in Indonesian and in English", async () => {
    await as("operator.sukajaya");
    await check("home-operator");
    await page.getByTestId("lang-switch").getByText("EN", { exact: true }).click();
    await page.locator("html[lang=en]").waitFor();
    await check("home-operator-en");
    await page.getByTestId("lang-switch").getByText("ID", { exact: true }).click();
    await page.locator("html[lang=id]").waitFor();
  });

  step("the draft editor and the withdraw dialog", async () => {
    const id = await saveDraft({ ...known[0]!, kk: "3201010201260008" }, 1);
    await page.goto(`${web}/proposals/${id}/edit`);
    await page.getByTestId("save-draft").waitFor();
    await check("draft-edit");
    await page.goto(`${web}/proposals/${id}`);
    await openAction(page, "withdraw");
    await check("withdraw-dialog");
    await page.getByTestId("action-reason").fill("Rumah tangga pindah ke desa lain.");
    await confirmDialog(page, "withdraw");
    await expectState(page, web, id, "WITHDRAWN");
  });

  step("a household the registry does not know: the NIK-correction dialog", async () => {
    const id = await saveDraft(unknownNik, 2);
    await submit(id);
    await expectState(page, web, id, "NIK_MISMATCH");
    await check("proposal-nik-mismatch");
    await openAction(page, "correct");
    await check("nik-correction-dialog");
    await page.keyboard.press("Escape");
    await page.getByTestId("dialog-correct").getByRole("dialog").waitFor({ state: "detached" });
  });

  step("a CSV import of two rows, one refused: progress and per-row results", async () => {
    for (const [i, h] of known.entries()) {
      const id = await saveDraft(h, 3 + i);
      await submit(id);
      await expectState(page, web, id, "PRELIST");
      prelisted.push(id);
    }
    const csv = [
      "row,kk_number,address,nik,name,relationship,sex,birth_date,occupation",
      "1,3201010201260009,Kampung Sukajaya RT 007 RW 004,3201011901770025,Komarudin,HEAD,L,1977-01-19,buruh tani",
      "2,3201010201260011,Kampung Sukajaya RT 008 RW 004,3201013007880028,Usep Saepuloh,TETANGGA,L,1988-07-30,buruh",
    ].join("\n");
    await page.goto(`${web}/import`);
    const chooser = page.waitForEvent("filechooser");
    await page.getByTestId("import-file").click();
    await (await chooser).setFiles({ name: "prelist.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByTestId("import-start").click();
    await page.getByTestId("import-row-1").waitFor();
    await page.getByTestId("import-row-2").waitFor();
    assert.equal(await page.getByTestId("import-row-1").getAttribute("data-ok"), "true", "row 1 is accepted");
    assert.equal(await page.getByTestId("import-row-2").getAttribute("data-ok"), null, "row 2 (unknown relationship) is refused");
    await check("import-results");
  });

  step("a stale version on a deliberation page shows the server's ABORTED message plainly", async () => {
    await as("kades.sukajaya");
    await check("home-village-head");
    await page.getByTestId("nav-deliberations").click();
    await page.getByTestId("delib-open").waitFor();
    await check("deliberations-list");
    await page.getByTestId("delib-open").click();
    await page.waitForURL(/\/deliberations\/[0-9a-f-]{36}$/);
    const deliberationId = page.url().split("/").pop()!;
    await page.getByTestId("prelist-table-select-all").check();
    await page.getByTestId("agenda-add").click();
    for (const id of prelisted) await page.getByTestId(`outcome-agreed-${id}`).waitFor();
    // Another tab records the first outcome: this page's version is now stale.
    const current = await call(page, "DeliberationService/GetDeliberation", { deliberationId });
    const other = await call(page, "DeliberationService/RecordOutcome", {
      requestId: "screens-other-tab", deliberationId, expectedVersion: current.body["version"],
      proposalId: prelisted[0], outcome: "AGENDA_OUTCOME_AGREED",
    });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    const stale = await call(page, "DeliberationService/RecordOutcome", {
      requestId: "screens-stale", deliberationId, expectedVersion: current.body["version"],
      proposalId: prelisted[1], outcome: "AGENDA_OUTCOME_AGREED",
    });
    assert.equal(stale.status, 409, JSON.stringify(stale.body));
    assert.equal(stale.body["code"], "aborted");
    // The page's own call: its Connect client must read the JSON error (the
    // upstream's gRPC headers once made it fall back to "HTTP 409 (Unknown)").
    const answer = page.waitForResponse((r) => r.url().endsWith("/usulan.v1.DeliberationService/RecordOutcome"));
    await page.getByTestId(`outcome-agreed-${prelisted[1]}`).click();
    assert.equal((await (await answer).allHeaders())["content-type"], "application/json");
    const shown = await page.getByTestId("error").innerText();
    assert.match(shown, /\(Aborted\)/, shown);
    assert.doesNotMatch(shown, /HTTP|Internal|Unknown/, shown);
    await check("deliberation-stale");
  });

  const homes: Array<[string, string, string[]]> = [
    ["operator.sukamaju", "operator-sukamaju", []],
    ["verifier.kab3201", "verifier", ["/deliberations"]],
    ["dinsos.kab3201", "dinsos", ["/dashboard", "/batches", "/review"]],
    ["bupati.bogor", "regent", ["/batches"]],
    ["dinsos.prov32", "province", ["/batches"]],
    ["pusdatin.reviewer", "pusdatin", ["/batches", "/decisions"]],
    ["bpk.demo", "auditor", []],
  ];
  for (const [account, name, lists] of homes) {
    step(`${account}: the home screen and its lists`, async () => {
      await as(account);
      await check(`home-${name}`);
      for (const path of lists) await visit(path, `${name}${path.replace("/", "-")}`);
    });
  }

  step("no screen has a serious or critical axe violation", async () => {
    const found = Object.entries(violations).filter(([, v]) => v.length > 0);
    assert.deepEqual(found, [], "see build/web-screenshots/screens-axe.json");
    assert.ok(Object.keys(violations).length >= 20, `screens checked: ${Object.keys(violations).join(", ")}`);
  });
});
