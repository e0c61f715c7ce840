// Signing in through the development provider's login form, and Connect calls
// made from the page as the console makes them: shared by the browser tests.
import type { Page } from "playwright-core";
import { screenshot } from "./browser.js";
import type { Stack } from "./stack.js";

// Signs `id` in at usulan-web `web` through the provider's form (and its
// consent page the first time), ending on the console's home page. With
// `shot`, the login and consent pages are saved as screenshots. A citizen ends
// on their own page (/warga).
export async function signIn(page: Page, stack: Stack, web: string, id: string, shot = ""): Promise<void> {
  await leaveConsole(page);
  await gotoPast(page, `${web}/auth/login`);
  await page.getByLabel("ID pengguna").fill(id);
  await page.getByLabel("Kata sandi").fill(stack.passwords[id]!);
  if (shot) await screenshot(page, `${shot}-login`);
  await page.getByRole("button", { name: "Masuk" }).click();
  const consent = page.getByRole("button", { name: "Izinkan" });
  // An office lands on the home page, a citizen on their own page (/warga).
  const landed = (url: URL) => url.href === `${web}/` || url.href === `${web}/warga`;
  await Promise.race([consent.waitFor(), page.waitForURL(landed)]);
  if (!landed(new URL(page.url()))) {
    if (shot) await screenshot(page, `${shot}-consent`);
    await consent.click();
    await page.waitForURL(landed);
  }
}

// Off the console, before going to sign-in: a console page whose session was
// just cleared redirects itself to sign-in.
export async function leaveConsole(page: Page): Promise<void> {
  await gotoPast(page, "about:blank");
}

// page.goto, again when a navigation the page started itself interrupted it: a
// console page that has just lost its session sends itself to sign-in, and that
// redirect chain (usulan-web, then the provider) can still be under way after
// the page was left, cutting off the next goto at any step. Going again once it
// has landed succeeds; any other error is the test's.
export async function gotoPast(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url);
      return;
    } catch (err) {
      if (attempt >= 4 || !String(err).includes("interrupted by another navigation")) throw err;
      await page.waitForLoadState("load").catch(() => undefined);
    }
  }
}

export interface CallAnswer {
  status: number;
  body: Record<string, unknown>;
}

// A Connect JSON call from the page (same origin, the session cookie), e.g.
// call(page, "AuditService/GetHistory", {proposalId}).
export function call(page: Page, method: string, request: unknown): Promise<CallAnswer> {
  return page.evaluate(
    async ([m, r]) => {
      const res = await fetch(`/usulan.v1.${m}`, {
        method: "POST",
        headers: { "content-type": "application/json", "connect-protocol-version": "1" },
        body: JSON.stringify(r),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    [method, request] as const,
  );
}
