// The journey (issue 14, docs/console-screens.md "The journey test"): in
// Debian's chromium, through the real console only, each role signs in at the
// development provider's login form and two households of Desa Sukajaya go
// from entry to the Pusdatin decision (one accepted, one rejected as an
// exception). Then the server's history must name every step with its actor,
// and the uploaded Berita Acara must download byte-for-byte from the proposal
// page with the SHA-256 the audit trail cites. Every screen visited is
// checked with axe (no serious or critical violation) and saved as a
// screenshot under build/web-screenshots/. Then a resident objects to the listed
// household from the citizen's page (usul sanggah, issue 15), and the village
// may not see who objected while Dinsos does.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import type { Page, Response } from "playwright-core";
import {
  axeScreens, confirmDialog, dependentSteps, expectState, fillHousehold, knownSukajayaHouseholds, openAction, signInAs,
  startConsole, stopConsole, type ConsoleRun,
} from "./console_steps.js";
import { pdf, png, sha256Hex } from "./evidence_files.js";
import { httpsRequest } from "./https_client.js";
import { call } from "./session.js";

let run: ConsoleRun;
let page: Page;
let web: string;

const households = knownSukajayaHouseholds;
const ids: string[] = [];
let batchId = "";
const beritaAcara = pdf("Berita Acara Musyawarah Desa Sukajaya: dua usulan disepakati.");
const minutesVerval = pdf("Berita Acara verifikasi dan validasi Desa Sukajaya.");
const nameList = pdf("Daftar nama hasil verifikasi Desa Sukajaya (ditandatangani).");
const letter = pdf("Surat Keputusan Bupati Bogor tentang pengesahan usulan DTKS.");
const decree = pdf("Keputusan Menteri Sosial tentang penetapan DTKS.");
const photo = png();

// Screens checked by axe, with what it found: asserted empty at the end.
const { violations, check: checkPage } = axeScreens("journey");
const check = (name: string) => checkPage(page, name);
const as = (id: string) => signInAs(run, id);

// Uploads `bytes` through the HashInput `testId` and waits for the hash the
// server answered to appear in it; returns that hash, checked against ours.
async function upload(testId: string, fileName: string, mimeType: string, bytes: Buffer, into = testId): Promise<string> {
  const chooser = page.waitForEvent("filechooser");
  await page.getByTestId(`${testId}-upload`).click();
  await (await chooser).setFiles({ name: fileName, mimeType, buffer: bytes });
  const want = sha256Hex(bytes);
  const field = page.getByTestId(into);
  await field.and(page.locator(`:is(input, textarea)`)).waitFor();
  for (let i = 0; i < 300 && !(await field.inputValue()).includes(want); i++) await page.waitForTimeout(100);
  const shown = await page.locator("[class*=error], [role=alert]").allInnerTexts();
  assert.ok((await field.inputValue()).includes(want), `${testId}: the uploaded file's SHA-256 is filled in (${shown.join(" | ")})`);
  return want;
}

async function selectAllAnd(table: string, button: string): Promise<void> {
  await page.getByTestId(`${table}-select-all`).check();
  await page.getByTestId(button).click();
}

// The steps build on each other: after one fails, the later ones are skipped.
const step = dependentSteps(() => page, "journey");

before(async () => {
  run = await startConsole();
  ({ page, web } = run);
  await run.browser.context.grantPermissions(["geolocation"], { origin: web });
  await run.browser.context.setGeolocation({ latitude: -6.5971, longitude: 106.806 });
});

after(() => stopConsole(run));

describe("the journey of two households through the console", () => {
  step("the console's first load is under 300 KB of gzip-compressed JavaScript", async () => {
    const bodies: Array<Promise<[string, Buffer]>> = [];
    const onResponse = (r: Response) => {
      const path = new URL(r.url()).pathname;
      if (r.url().startsWith(web) && path.endsWith(".js")) bodies.push(r.body().then((b) => [path, b]));
    };
    page.on("response", onResponse);
    await as("operator.sukajaya");
    await page.getByTestId("nav-home").waitFor();
    await page.waitForLoadState("networkidle");
    page.off("response", onResponse);
    const fetched = new Map(await Promise.all(bodies));
    // What index.html loads before any route: its module script and preloads
    // as served (Vite adds preload links for lazy chunks to the live page).
    const index = (await httpsRequest(`${web}/`, run.stack.caFile, "GET", {})).body;
    const firstLoad = [...index.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]!);
    let total = 0;
    for (const path of firstLoad) {
      const body = fetched.get(path);
      assert.ok(body, `${path} was fetched by the browser`);
      total += gzipSync(body, { level: 9 }).length;
    }
    const lazy = [...fetched.keys()].filter((p) => !firstLoad.includes(p));
    console.log(`first-load JavaScript: ${(total / 1024).toFixed(1)} KB gzip in ${firstLoad.length} files; ${lazy.length} lazy route chunks not counted`);
    assert.ok(firstLoad.length >= 1 && lazy.length >= 1, "control: the entry and a lazily loaded screen were both seen");
    assert.ok(total < 300 * 1024, `first load ${total} bytes gzip`);
  });

  step("the operator enters and submits both households; the registry confirms them", async () => {
    await as("operator.sukajaya");
    await check("home-operator");
    for (const [i, h] of households.entries()) {
      await page.getByTestId("nav-proposals-new").click();
      await fillHousehold(page, {
        ...h, address: `Kampung Sukajaya RT 00${i + 1} RW 003`,
        floorM2: "18", incomeIdr: "600000", expenditureIdr: "700000",
      });
      if (i === 0) await check("household-entry");
      await page.getByTestId("save-draft").click();
      await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/);
      const id = page.url().split("/").pop()!;
      ids.push(id);
      await expectState(page, web, id, "DRAFT");
      await openAction(page, "submit");
      if (i === 0) await check("submit-dialog");
      await confirmDialog(page, "submit");
      await expectState(page, web, id, "PRELIST");
      if (i === 0) await check("proposal-prelist");
    }
  });

  step("the head opens a Musdes, agrees both, and closes it with the uploaded Berita Acara", async () => {
    await as("kades.sukajaya");
    await page.getByTestId("nav-deliberations").click();
    await page.getByTestId("delib-open").waitFor();
    await check("deliberations");
    await page.getByTestId("delib-open").click();
    await page.waitForURL(/\/deliberations\/[0-9a-f-]{36}$/);
    await selectAllAnd("prelist-table", "agenda-add");
    for (const id of ids) {
      await page.getByTestId(`outcome-agreed-${id}`).click();
      // The outcome's badge (not the button of the same name): the page has
      // reloaded the deliberation's new version before the next outcome.
      await page.getByTestId(`agenda-${id}`).locator(".mantine-Badge-root", { hasText: "Disepakati" }).waitFor();
    }
    await page.getByTestId("close-attendance").fill("42");
    await page.getByTestId("close-quorum").fill("30");
    await upload("close-minutes", "berita-acara-musdes.pdf", "application/pdf", beritaAcara);
    await check("deliberation");
    await page.getByTestId("delib-close").click();
    await page.getByTestId("delib-status").getByText("Ditutup").waitFor();
    for (const id of ids) await expectState(page, web, id, "AGREED");
  });

  step("Dinsos assigns the verifier to both", async () => {
    await as("dinsos.kab3201");
    await check("home-dinsos");
    for (const id of ids) {
      await expectState(page, web, id, "AGREED");
      await openAction(page, "assign_verifier");
      await page.getByTestId("verifier-id").fill("verifier.kab3201");
      await confirmDialog(page, "assign_verifier");
      await expectState(page, web, id, "IN_VERIFICATION");
    }
  });

  step("the verifier records both visits with a photo and the browser's GPS", async () => {
    await as("verifier.kab3201");
    await page.getByTestId(`open-${ids[0]}`).waitFor();
    await check("home-verifier");
    for (const [i, id] of ids.entries()) {
      await page.goto(`${web}/proposals/${id}`);
      await openAction(page, "record_visit");
      await page.getByTestId("visit-outcome").selectOption("1"); // VISIT_OUTCOME_COMPLETED
      await upload("visit-photo", `rumah-${i + 1}.png`, "image/png", photo, "visit-photos");
      await page.getByTestId("visit-gps").click();
      await page.getByTestId("visit-location").getByText("-6.597100, 106.806000").waitFor();
      if (i === 0) await check("visit-form");
      await confirmDialog(page, "record_visit");
      await expectState(page, web, id, "VERIFIED");
    }
  });

  step("the head releases the verified list with the minutes and the by-name list", async () => {
    await as("kades.sukajaya");
    await page.getByTestId("nav-deliberations").click();
    await page.getByTestId("verified-table-select-all").check();
    await upload("finalize-minutes", "ba-verval.pdf", "application/pdf", minutesVerval);
    await upload("finalize-name-list", "daftar-nama.pdf", "application/pdf", nameList);
    await check("finalize-village");
    await page.getByTestId("finalize-village").click();
    await page.getByTestId("verified-table").waitFor({ state: "detached" }); // released, not navigated away
    for (const id of ids) await expectState(page, web, id, "VILLAGE_FINAL");
  });

  step("Dinsos opens the review, approves both from the table and seals a batch", async () => {
    await as("dinsos.kab3201");
    await page.getByTestId("nav-review").click();
    await selectAllAnd("to-open", "review-open");
    await page.getByTestId("to-approve-select-all").waitFor();
    await check("review");
    await selectAllAnd("to-approve", "review-approve");
    await selectAllAnd("to-seal", "review-seal");
    await page.waitForURL(/\/batches\/[^/]+$/);
    batchId = decodeURIComponent(page.url().split("/").pop()!);
    await page.getByTestId("batch-status").getByText("Disegel").waitFor();
    await check("batch-sealed");
    for (const id of ids) await expectState(page, web, id, "DISTRICT_APPROVED");
  });

  step("the Bupati ratifies the batch with the letter number and the uploaded letter", async () => {
    await as("bupati.bogor");
    await page.getByTestId("nav-batches").click();
    await page.getByTestId(`batch-${batchId}`).click();
    await page.getByTestId("ratify-letter-number").fill("400.9/123/Dinsos/2026");
    await upload("ratify-letter-hash", "surat-bupati.pdf", "application/pdf", letter);
    await check("batch-ratify");
    await page.getByTestId("batch-ratify").click();
    await page.getByTestId("batch-status").getByText("Disahkan").waitFor();
  });

  step("Dinsos submits it to the province, which forwards it to Pusdatin", async () => {
    await as("dinsos.kab3201");
    await page.goto(`${web}/batches/${encodeURIComponent(batchId)}`);
    await page.getByTestId("batch-submit").click();
    await page.getByTestId("batch-status").getByText("Di provinsi").waitFor();
    await as("dinsos.prov32");
    await page.getByTestId("nav-batches").click();
    await page.getByTestId(`batch-${batchId}`).click();
    await page.getByTestId("batch-forward").waitFor();
    await check("batch-province");
    await page.getByTestId("batch-forward").click();
    await page.getByTestId("batch-status").getByText("Di Pusdatin").waitFor();
  });

  step("Pusdatin decides: the first accepted, the second rejected as an exception, with the decree", async () => {
    await as("pusdatin.reviewer");
    await page.getByTestId("nav-decisions").click();
    await page.getByTestId(`batch-${batchId}`).click();
    await page.getByTestId("decide-decree").fill("146/HUK/2026");
    await upload("decide-decree-hash", "keputusan-menteri.pdf", "application/pdf", decree);
    await page.getByTestId(`exception-${ids[1]}`).selectOption({ label: "Tolak" });
    await page.getByTestId(`exception-code-${ids[1]}`).selectOption("NOT_POOR");
    await page.getByTestId(`exception-reason-${ids[1]}`).fill("Pengeluaran di atas garis kemiskinan");
    await check("decision-form");
    await page.getByTestId("batch-decide").click();
    await page.getByTestId("decision").waitFor();
    await check("batch-decided");
    await expectState(page, web, ids[0]!, "ACCEPTED");
    await check("proposal-accepted");
    await expectState(page, web, ids[1]!, "REJECTED");
  });

  step("the server's history names every step with its actor and cites the uploaded documents", async () => {
    await as("pusdatin.reviewer");
    const steps: Array<[string, string]> = [
      ["submit", "operator.sukajaya"],
      ["deliberate", "kades.sukajaya"],
      ["assign_verifier", "dinsos.kab3201"],
      ["record_visit", "verifier.kab3201"],
      ["finalize_village", "kades.sukajaya"],
      ["open_review", "dinsos.kab3201"],
      ["approve", "dinsos.kab3201"],
      ["ratify", "bupati.bogor"],
      ["submit_to_province", "dinsos.kab3201"],
      ["forward", "dinsos.prov32"],
      ["decide", "pusdatin.reviewer"],
    ];
    const cited: Record<string, string> = {
      deliberate: sha256Hex(beritaAcara),
      record_visit: sha256Hex(photo),
      finalize_village: sha256Hex(minutesVerval),
      ratify: sha256Hex(letter),
    };
    for (const [i, id] of ids.entries()) {
      const answer = await call(page, "AuditService/GetHistory", { proposalId: id });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const transitions = answer.body["transitions"] as Array<{
        event: string; actorId: string; fromState?: string; toState: string; evidenceHashes?: string[];
      }>;
      // Proto JSON leaves out the creation record's UNSPECIFIED from_state.
      const seen = transitions.filter((t) => t.event !== "nik_checked" && t.fromState).map((t) => [t.event, t.actorId]);
      assert.deepEqual(seen, steps, `the history of household ${i + 1}`);
      assert.ok(transitions.some((t) => t.event === "nik_checked"), "the registry's check is recorded");
      for (const [event, hash] of Object.entries(cited)) {
        const t = transitions.find((x) => x.event === event)!;
        assert.ok(t.evidenceHashes?.includes(hash), `${event} cites ${hash.slice(0, 12)}: ${JSON.stringify(t.evidenceHashes)}`);
      }
      assert.equal(transitions.at(-1)!.toState, i === 0 ? "PROPOSAL_STATE_ACCEPTED" : "PROPOSAL_STATE_REJECTED");
    }
  });

  step("the Berita Acara downloads byte-for-byte from the proposal page, hashing as the trail cites", async () => {
    await as("kades.sukajaya");
    const hash = sha256Hex(beritaAcara);
    await page.goto(`${web}/proposals/${ids[0]}`);
    // The console checks the downloaded bytes against the hash and opens them
    // as a blob: URL in a new window; the test keeps that Blob (the CSP's
    // connect-src does not let a page fetch blob: URLs) and no window opens.
    await page.evaluate(() => {
      const blobs: Blob[] = [];
      (window as unknown as { blobs: Blob[] }).blobs = blobs;
      const make = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (b: Blob | MediaSource) => { if (b instanceof Blob) blobs.push(b); return make(b); };
      window.open = () => null;
    });
    await page.getByTestId(`evidence-${hash}`).first().click();
    await page.waitForFunction(() => (window as unknown as { blobs: Blob[] }).blobs.length > 0);
    const bytes = Buffer.from(
      await page.evaluate(async () => {
        const blob = (window as unknown as { blobs: Blob[] }).blobs[0]!;
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      }),
    );
    assert.equal(bytes.length, beritaAcara.length);
    assert.ok(bytes.equals(beritaAcara), "the same bytes as uploaded");
    assert.equal(sha256Hex(bytes), hash);
    // The control: another document's bytes would not pass this comparison.
    assert.ok(!bytes.equals(letter));
  });

  step("the auditor's chain screen", async () => {
    await as("bpk.demo");
    await page.getByTestId("audit-verify").click();
    await page.getByTestId("audit-result").waitFor();
    await check("audit-chain");
  });

  // Issue 15, "Usul sanggah": a resident of Sukajaya objects to the household the
  // journey listed, on a 360-px phone; the village may not learn who objected.
  step("warga.budi, not listed himself, objects to the listed household with a photo and his GPS", async () => {
    await as("warga.budi");
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForURL(/\/warga$/);
    const missing = page.getByTestId("household-missing");
    await missing.waitFor();
    assert.ok((await missing.innerText()).includes("tidak terdaftar di DTSEN"), await missing.innerText());
    await page.getByRole("heading", { name: "Ajukan sanggahan" }).waitFor();
    await page.getByTestId("objection-entry").fill(ids[0]!);
    await page.getByTestId("objection-reason").fill("Rumah permanen dua lantai dan memiliki mobil");
    await upload("objection-photo", "rumah-disanggah.png", "image/png", photo);
    await page.getByTestId("objection-locate").click();
    for (let i = 0; i < 100 && (await page.getByTestId("objection-latitude").inputValue()) === ""; i++) await page.waitForTimeout(100);
    assert.equal(await page.getByTestId("objection-latitude").inputValue(), "-6.597100");
    assert.equal(await page.getByTestId("objection-longitude").inputValue(), "106.806000");
    await check("citizen-objection-form");
    await page.getByTestId("objection-submit").click();
    const kind = page.getByTestId("filing-kind").first();
    await kind.waitFor();
    assert.equal(await kind.textContent(), "Sanggahan"); // the badge shows it upper-cased
    assert.equal(await page.getByTestId("filing-status").first().innerText(),
      "Sanggahan diajukan; menunggu verifikasi Dinas Sosial");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width} px wide on a 360 px phone`);
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.ok(!kept.includes("dua lantai"), `the browser's storage holds the objection: ${kept}`);
    await check("citizen-objection-filed");
  });

  step("the village does not see who objected nor the house's point; Dinsos does", async () => {
    const mine = await call(page, "CitizenService/ListMyFilings", {});
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const objection = (mine.body["filings"] as Array<Record<string, unknown>>)[0]!;
    assert.equal(objection["route"], "PROPOSAL_ROUTE_CITIZEN_OBJECTION");
    const id = objection["proposalId"] as string;
    await page.setViewportSize({ width: 1280, height: 900 });
    await as("operator.sukajaya");
    const village = await call(page, "ProposalService/GetProposal", { proposalId: id });
    assert.equal(village.status, 200, JSON.stringify(village.body));
    assert.equal(village.body["createdBy"], undefined, "the objector's account is withheld from the village");
    assert.equal(village.body["objectionPoint"], undefined, "the house's point is withheld from the village");
    await as("dinsos.kab3201");
    const district = await call(page, "ProposalService/GetProposal", { proposalId: id });
    assert.equal(district.body["createdBy"], "warga.budi");
    assert.equal(district.body["registerEntryId"], ids[0]);
    assert.deepEqual(district.body["objectionPoint"], { latitude: -6.5971, longitude: 106.806 });
    // The proposal page shows it as text and a geo: link, loading no map.
    await page.goto(`${web}/proposals/${id}`);
    const point = page.getByTestId("objection-point");
    await point.waitFor();
    assert.ok((await point.innerText()).includes("-6.597100, 106.806000"), await point.innerText());
    assert.equal(await page.getByTestId("objection-map").getAttribute("href"), "geo:-6.597100,106.806000");
    await check("objection-point");
  });

  test("no serious or critical accessibility violation on any screen the journey visited", () => {
    assert.ok(Object.keys(violations).length >= 15, `control: the screens were checked (${Object.keys(violations).length})`);
    const found = Object.entries(violations).filter(([, v]) => v.length > 0);
    assert.deepEqual(found, []);
  });
});
