// What several browser tests do in the console the same way: start the stack
// and a browser, sign in, check a screen with axe, fill the new household
// form, wait for a proposal's state, open an action's dialog, and run
// dependent steps (after one fails, the later ones are skipped).
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { png, sha256Hex } from "./evidence_files.js";
import { launchBrowser, screenshot, screenshotDir, seriousViolations, type Browser } from "./browser.js";
import { signIn } from "./session.js";
import { startStack, type Stack } from "./stack.js";

export interface ConsoleRun {
  stack: Stack;
  browser: Browser;
  page: Page;
  web: string; // the first usulan-web instance
}

// `viewport`: the page's size (e.g. a 360-px phone); the browser's default without.
export async function startConsole(viewport?: { width: number; height: number }): Promise<ConsoleRun> {
  const stack = await startStack();
  try {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    return { stack, browser, page, web: stack.web[0] };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

export async function stopConsole(run: ConsoleRun | undefined): Promise<void> {
  await run?.browser.close();
  await run?.stack.stop();
}

// Signs `id` in afresh (the previous account's cookies gone).
export async function signInAs(run: ConsoleRun, id: string): Promise<void> {
  await run.browser.context.clearCookies();
  await signIn(run.page, run.stack, run.web, id);
}

// The page needs no horizontal scrolling at `px` wide (a phone's 360 px).
export async function fitsWidth(page: Page, px: number): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= px, `the page is ${width} px wide on a ${px} px screen`);
}

// Screens checked by axe, with what it found (asserted empty at the end of
// each test file): `check` saves the screen as build/web-screenshots/
// <prefix>-<name>.png and its serious or critical violations in <prefix>-axe.json.
export function axeScreens(prefix: string) {
  const violations: Record<string, string[]> = {};
  const check = async (page: Page, name: string): Promise<void> => {
    await page.waitForLoadState("networkidle");
    await screenshot(page, `${prefix}-${name}`);
    violations[name] = await seriousViolations(page);
    writeFileSync(join(screenshotDir, `${prefix}-axe.json`), JSON.stringify(violations, null, 1));
  };
  return { violations, check };
}

export interface HouseholdEntry {
  kk: string;
  address: string;
  nik: string;
  name: string;
  sex: string; // the select's value: 1 male, 2 female
  birth: string;
  job: string;
  floorM2: string;
  incomeIdr: string;
  expenditureIdr: string;
}

// Fills the new-household form (already open) with one member.
// Two households of Desa Sukajaya that the scenario's registry
// (deploy/scenario/registry.csv) knows, so the civil-registry check confirms them.
export const knownSukajayaHouseholds = [
  { kk: "3201010201260008", nik: "3201014210550024", name: "Enok Rohaeti", sex: "2", birth: "1955-10-02", job: "tidak bekerja" },
  { kk: "3201010201260010", nik: "3201014312620027", name: "Odah Saodah", sex: "2", birth: "1962-12-03", job: "buruh tani" },
];

export async function fillHousehold(page: Page, h: HouseholdEntry): Promise<void> {
  await page.getByTestId("hh-kk").fill(h.kk);
  await page.getByTestId("hh-address").fill(h.address);
  await page.getByTestId("member-1-nik").fill(h.nik);
  await page.getByTestId("member-1-name").fill(h.name);
  await page.getByTestId("member-1-sex").selectOption(h.sex);
  await page.getByTestId("member-1-birth-date").fill(h.birth);
  await page.getByTestId("member-1-occupation").fill(h.job);
  await page.getByTestId("se-floorAreaM2").fill(h.floorM2);
  await page.getByTestId("se-monthlyIncomeIdr").fill(h.incomeIdr);
  await page.getByTestId("se-monthlyExpenditureIdr").fill(h.expenditureIdr);
}

export interface CitizenMember {
  nik: string;
  name: string;
  sex: string; // the select's value: 1 male, 2 female
  birth: string;
}

// On a citizen's page (/warga, the "own household" choice made): files the
// household of one member with `reason` and an uploaded house photo, and
// waits until the filing is listed under "Usulan saya".
export async function fileOwnHousehold(page: Page, m: CitizenMember, reason: string): Promise<void> {
  await page.getByTestId("hh-address").fill("Kampung Sukajaya RT 002 RW 001");
  await page.getByTestId("member-1-nik").fill(m.nik);
  await page.getByTestId("member-1-name").fill(m.name);
  await page.getByTestId("member-1-sex").selectOption(m.sex);
  await page.getByTestId("member-1-birth-date").fill(m.birth);
  await page.getByTestId("member-1-occupation").fill("buruh cuci");
  await page.getByTestId("se-floorAreaM2").fill("18");
  await page.getByTestId("se-monthlyIncomeIdr").fill("500000");
  await page.getByTestId("se-monthlyExpenditureIdr").fill("700000");
  await page.getByTestId("citizen-reason").fill(reason);
  const photo = png();
  const chooser = page.waitForEvent("filechooser");
  await page.getByTestId("citizen-photo-upload").click();
  await (await chooser).setFiles({ name: "rumah.png", mimeType: "image/png", buffer: photo });
  const field = page.getByTestId("citizen-photo");
  for (let i = 0; i < 300 && (await field.inputValue()) !== sha256Hex(photo); i++) await page.waitForTimeout(100);
  assert.equal(await field.inputValue(), sha256Hex(photo), "the photo's SHA-256 as the server answered it");
  await page.getByTestId("citizen-submit").click();
  await page.getByTestId("filing-status").first().waitFor();
}

// Opens the proposal page and waits (reloading: some steps finish in the
// background) until its state badge shows `state`.
export async function expectState(page: Page, web: string, id: string, state: string): Promise<void> {
  await page.goto(`${web}/proposals/${id}`);
  const badge = page.locator("main [data-state]").first();
  for (let i = 0; i < 60; i++) {
    await badge.waitFor();
    if ((await badge.getAttribute("data-state")) === state) return;
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.equal(await badge.getAttribute("data-state"), state, `proposal ${id}`);
}

// Mantine's modal root (which carries dialog-<event>) is never itself visible:
// the dialog's visible element is its role="dialog" section.
export async function openAction(page: Page, event: string): Promise<void> {
  await page.getByTestId(`action-${event}`).click();
  await page.getByTestId(`dialog-${event}`).getByRole("dialog").waitFor();
}

export async function confirmDialog(page: Page, event: string): Promise<void> {
  await page.getByTestId("dialog-confirm").click();
  await page.getByTestId(`dialog-${event}`).getByRole("dialog").waitFor({ state: "detached" });
}

// Steps that build on each other: after one fails, the later ones are skipped
// (the first failure is the one to read), and its screen is saved as
// `<prefix>-failed`.
export function dependentSteps(page: () => Page, prefix: string): (name: string, body: () => Promise<void>) => void {
  let failed = "";
  return (name, body) => {
    test(name, async (t) => {
      if (failed) return t.skip(`an earlier step failed: ${failed}`);
      try {
        await body();
      } catch (err) {
        failed = name;
        await screenshot(page(), `${prefix}-failed`).catch(() => undefined);
        throw err;
      }
    });
  };
}
