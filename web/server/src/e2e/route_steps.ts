// The console screens of the new routes into the register (issue 15, item 3) in
// a real browser against the real stack, run by citizen.test.ts on its stack
// after Siti filed her own household: Budi files his; the village operator takes
// Siti's up from "Usulan warga" (household editor, "Ambil alih") and declines
// Budi's with its reason ("Tolak"); Dinsos confirms Pusdatin's death-list change
// ("Konfirmasi perubahan pusat") and files a PBI-JK reactivation with the health
// facility's letter ("Usulan Dinsos"); Pusdatin decides both one by one
// ("Keputusan tunggal": accept with a decree, reject with a reason code); the
// register screen then shows the reactivated entry with its programme and
// history. Every new screen and dialog goes through the caller's axe `check`.
//
// The two register entries are written straight into the database (as
// tests/register_cli_test.sh does): listing an entry takes the whole village
// ladder, which journey.test.ts walks already.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import {
  confirmDialog, expectState, fileOwnHousehold, fillHousehold, knownSukajayaHouseholds, openAction, signInAs,
  type ConsoleRun,
} from "./console_steps.js";
import { pdf } from "./evidence_files.js";
import { run as runCommand } from "./processes.js";
import { repoRoot } from "./stack.js";
import { call } from "./session.js";

const desa = "3201012002"; // Sukajaya: the citizens' and operator.sukajaya's desa
const budi = { nik: "3201010908830041", name: "Budi Santoso", sex: "1", birth: "1983-08-09" };
const activeEntry = "5f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d01"; // for Pusdatin's death-list change
const inactiveEntry = "5f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d02"; // for the PBI-JK reactivation

export interface RouteStepsContext {
  run(): ConsoleRun;
  step(name: string, body: () => Promise<void>): void;
  check(page: Page, name: string): Promise<void>;
  /** Siti's filing (her own household, member `siti`), filed by the caller. */
  siti: { nik: string; proposalId(): string };
}

export function routeSteps(ctx: RouteStepsContext): void {
  const { step, check } = ctx;
  const ids: Record<string, string> = {};
  let page: Page;
  let web: string;

  async function events(id: string): Promise<string[]> {
    const h = await call(page, "AuditService/GetHistory", { proposalId: id });
    assert.equal(h.status, 200, JSON.stringify(h.body));
    return (h.body["transitions"] as Array<Record<string, string>>).map((t) => t["event"]!);
  }

  function writeEntry(id: string, status: "ACTIVE" | "INACTIVE"): void {
    runCommand("psql", [ctx.run().stack.databaseUrl, "-XqAt", "-c", `
      BEGIN; SET LOCAL session_replication_role = replica;
      INSERT INTO register_entries (id, province_code, kabupaten_code, kecamatan_code, desa_code, status, listed_by,
        listed_decree, since_cycle, household_proposal, version, history_head, updated_at)
      VALUES ('${id}', '32', '3201', '320101', '${desa}', '${status}', '${id}', 'Kepmensos 1/HUK/2026', '2026-01',
        '${id}', 1, repeat('a', 64), now());
      COMMIT`]);
  }

  step("Budi files his own household too (an office screen from here on)", async () => {
    ({ page, web } = ctx.run());
    await page.setViewportSize({ width: 1280, height: 900 });
    ids["warga.siti"] = ctx.siti.proposalId();
    await signInAs(ctx.run(), "warga.budi");
    await page.getByTestId("citizen-own").check();
    await fileOwnHousehold(page, budi, "Baru pindah ke desa");
    const mine = await call(page, "CitizenService/ListMyFilings", {});
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    ids["warga.budi"] = (mine.body["filings"] as Array<Record<string, string>>)[0]!["proposalId"]!;
  });

  step("the operator's 'Usulan warga' lists both; 'Ambil alih' completes Siti's household and takes it up", async () => {
    await signInAs(ctx.run(), "operator.sukajaya");
    await page.getByTestId("nav-usulan-warga").click();
    for (const id of Object.values(ids)) await page.getByTestId(`row-${id}`).waitFor();
    await check(page, "citizen-queue");
    await page.getByTestId(`open-${ids["warga.siti"]}`).click();
    await openAction(page, "take_up");
    // The household editor opens with what Siti filed; the operator corrects her occupation.
    assert.equal(await page.getByTestId("member-1-nik").inputValue(), ctx.siti.nik);
    await page.getByTestId("member-1-occupation").fill("buruh cuci harian");
    await check(page, "take-up-dialog");
    await confirmDialog(page, "take_up");
    const id = ids["warga.siti"]!;
    await page.getByTestId("action-take_up").waitFor({ state: "detached" });
    assert.ok((await events(id)).includes("take_up"), "the history records the take-up");
    const got = await call(page, "ProposalService/GetProposal", { proposalId: id });
    assert.notEqual(got.body["state"], "PROPOSAL_STATE_CITIZEN_PROPOSED");
    const members = (got.body["household"] as { members: Array<Record<string, string>> }).members;
    assert.equal(members[0]!["occupation"], "buruh cuci harian", "the village's correction was sent with the take-up");
  });

  step("'Tolak' wants a reason, then declines Budi's proposal", async () => {
    const id = ids["warga.budi"]!;
    await page.goto(`${web}/usulan-warga`);
    await page.getByTestId(`open-${id}`).click();
    await openAction(page, "decline");
    await page.getByTestId("dialog-confirm").click();
    await page.getByTestId("dialog-decline").getByText("Wajib diisi").first().waitFor();
    await page.getByTestId("action-reason").fill("Rumah tangga sudah terdaftar di desa lain");
    await confirmDialog(page, "decline");
    await expectState(page, web, id, "DECLINED");
  });

  step("Dinsos confirms Pusdatin's death-list change in 'Konfirmasi perubahan pusat'", async () => {
    writeEntry(activeEntry, "ACTIVE");
    writeEntry(inactiveEntry, "INACTIVE");
    await signInAs(ctx.run(), "pusdatin.reviewer");
    const h = knownSukajayaHouseholds[1]!;
    const created = await call(page, "ProposalService/CreateProposal", {
      requestId: "routes-central-1", kind: "PROPOSAL_KIND_DEACTIVATION", route: "PROPOSAL_ROUTE_CENTRAL",
      region: { provinceCode: "32", kabupatenCode: "3201", kecamatanCode: "320101", desaCode: desa },
      registerEntryId: activeEntry, deactivationReason: "DEACTIVATION_REASON_DECEASED", reason: "Daftar kematian Dukcapil",
      household: { kkNumber: h.kk, address: "Kampung Sukajaya", members: [{ nik: h.nik, name: h.name, relationship: "RELATIONSHIP_HEAD",
        sex: h.sex === "2" ? "SEX_FEMALE" : "SEX_MALE", birthDate: h.birth, occupation: h.job }] },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    ids.central = created.body["proposalId"] as string;
    assert.equal(created.body["state"], "PROPOSAL_STATE_AWAITING_CONFIRMATION");

    await signInAs(ctx.run(), "dinsos.kab3201");
    await page.getByTestId("nav-konfirmasi").click();
    await page.getByTestId(`row-${ids.central}`).waitFor();
    await check(page, "confirm-queue");
    await page.getByTestId(`open-${ids.central}`).click();
    await openAction(page, "confirm_central");
    await page.getByTestId("choice-yes").check();
    await check(page, "confirm-dialog");
    await confirmDialog(page, "confirm_central");
    await expectState(page, web, ids.central, "CENTRAL_REVIEW");
  });

  step("Dinsos assigns a verifier to its own proposal in 'Sanggahan & verval', then files a PBI-JK reactivation with the letter in 'Usulan Dinsos'", async () => {
    // A DISTRICT proposal (Asep's household of Sukamaju), created and submitted from
    // the page: the registry confirms it, AWAITING_VISIT.
    const filed = JSON.parse(readFileSync(join(repoRoot, "deploy/scenario/household-asep.json"), "utf8")) as Record<string, unknown>;
    const created = await call(page, "ProposalService/CreateProposal", { ...filed, requestId: "routes-district-1", route: "PROPOSAL_ROUTE_DISTRICT" });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const district = created.body["proposalId"] as string;
    const submitted = await call(page, "ProposalService/SubmitProposal", { requestId: "routes-district-2", proposalId: district });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    await page.getByTestId("nav-verval").click();
    for (let i = 0; i < 60 && (await page.getByTestId(`row-${district}`).count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole("heading", { name: "Sanggahan & verifikasi lapangan" }).waitFor();
    }
    await page.getByTestId(`select-${district}`).check();
    await page.getByTestId("verifier-id").fill("verifier.kab3201");
    await check(page, "visit-queue");
    await page.getByTestId("visit-assign").click();
    await page.getByTestId(`row-${district}`).waitFor({ state: "detached" });
    const got = await call(page, "ProposalService/GetProposal", { proposalId: district });
    assert.equal(got.body["state"], "PROPOSAL_STATE_IN_VERIFICATION");

    await page.getByTestId("nav-usulan-dinsos").click();
    await page.getByTestId("new-route").selectOption({ label: "Reaktivasi PBI-JK" });
    await page.getByTestId("new-desa").fill(desa);
    await page.getByTestId("new-entry").fill(inactiveEntry);
    const chooser = page.waitForEvent("filechooser");
    await page.getByTestId("new-letter-upload").click();
    await (await chooser).setFiles({ name: "surat-rs.pdf", mimeType: "application/pdf", buffer: pdf("Surat keterangan rawat inap") });
    const letter = page.getByTestId("new-letter");
    for (let i = 0; i < 300 && !/^[0-9a-f]{64}$/.test(await letter.inputValue()); i++) await page.waitForTimeout(100);
    await page.getByTestId("new-reason").fill("Peserta sakit, dirawat inap");
    const h = knownSukajayaHouseholds[0]!;
    await fillHousehold(page, { ...h, address: "Kampung Sukajaya", floorM2: "20", incomeIdr: "400000", expenditureIdr: "600000" });
    await check(page, "district-new");
    await page.getByTestId("save-draft").click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/);
    ids.pbi = page.url().split("/").pop()!;
    assert.equal(await page.getByTestId("proposal-entry").innerText(), inactiveEntry, "the proposal names its register entry");
    await openAction(page, "submit");
    await confirmDialog(page, "submit");
    await expectState(page, web, ids.pbi, "CENTRAL_REVIEW");
  });

  step("Pusdatin decides both in 'Keputusan tunggal': PBI-JK accepted with a decree, the death-list change rejected", async () => {
    await signInAs(ctx.run(), "pusdatin.reviewer");
    await page.getByTestId("nav-keputusan-tunggal").click();
    for (const id of [ids.pbi!, ids.central!]) await page.getByTestId(`row-${id}`).waitFor();
    await check(page, "single-queue");
    await page.getByTestId(`open-${ids.pbi}`).click();
    await openAction(page, "decide");
    await page.getByTestId("choice-yes").check();
    await page.getByTestId("decide-decree").fill("Kepmensos 146/HUK/2026");
    await check(page, "decide-dialog");
    await confirmDialog(page, "decide");
    await expectState(page, web, ids.pbi!, "ACCEPTED");

    await page.goto(`${web}/proposals/${ids.central}`);
    await openAction(page, "decide");
    await page.getByTestId("choice-no").check();
    await page.getByTestId("decide-reason-code").selectOption("OTHER");
    await page.getByTestId("action-reason").fill("Anggota lain masih tinggal di rumah ini");
    await confirmDialog(page, "decide");
    await expectState(page, web, ids.central!, "REJECTED");
  });

  step("the register screen lists the entries by status, counts them per desa and opens the reactivated one", async () => {
    await page.getByTestId("nav-register").click();
    for (const id of [activeEntry, inactiveEntry]) await page.getByTestId(`entry-row-${id}`).waitFor();
    const counts = page.getByTestId(`count-desa-${desa}`);
    assert.match(await counts.innerText(), /^3201012002\s+2\s+0$/, "both entries active in Sukajaya");
    await check(page, "register");
    await page.getByTestId("register-status").selectOption({ label: "Nonaktif" });
    await page.getByText("Tidak ada data.").waitFor();
    await page.getByTestId("register-status").selectOption({ label: "Aktif" });
    await page.getByTestId(`entry-${inactiveEntry}`).click();
    await page.getByTestId("entry-history").waitFor();
    assert.equal(await page.getByTestId("entry-programmes").innerText(), "PBI-JK");
    const history = await page.getByTestId("entry-history").innerText();
    assert.match(history, /Diaktifkan kembali.*Kepmensos 146\/HUK\/2026/, history);
    await check(page, "entry");
  });
}
