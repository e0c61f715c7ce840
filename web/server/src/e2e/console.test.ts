// The browser tests of usulan-web and the development identity provider
// (docs/console.md, "Browser tests"): Debian's chromium signs in through the
// provider's login form, and every property is checked against the real
// processes of stack.ts, each with a control that shows the check can fail.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, screenshot, seriousViolations, type Browser } from "./browser.js";
import { httpsRequest } from "./https_client.js";
import { call as callFromPage, gotoPast, leaveConsole, signIn as signInAs } from "./session.js";
import { repoRoot, startStack, type Stack } from "./stack.js";

let stack: Stack;
let browser: Browser;
let page: Page;

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self' ";

const signIn = (web: string, id: string, shot = "") => signInAs(page, stack, web, id, shot);
const call = (method: string, request: unknown) => callFromPage(page, method, request);

function household(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, "deploy/scenario/household-asep.json"), "utf8")) as Record<string, unknown>;
}

async function sessionCookieHeader(): Promise<string> {
  const cookie = (await browser.context.cookies()).find((c) => c.name === "__Host-usulan-session");
  assert.ok(cookie, "signed in: the session cookie is set");
  return `${cookie.name}=${cookie.value}`;
}

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("usulan-web in chromium", () => {
  test("every account signs in through the provider's login form; /auth/me shows its role", async () => {
    for (const account of stack.accounts) {
      await browser.context.clearCookies();
      await signIn(stack.web[0], account.id, account.id === "operator.sukamaju" ? "idp" : "");
      const me = await page.evaluate(async () => (await fetch("/auth/me")).json());
      assert.deepEqual(me, { subject: account.id, name: account.name, role: account.role, region: account.region });
    }
  });

  test("a wrong password is refused on the login form", async () => {
    await browser.context.clearCookies();
    await leaveConsole(page);
    await gotoPast(page, `${stack.web[0]}/auth/login`);
    await page.getByLabel("ID pengguna").fill("operator.sukamaju");
    await page.getByLabel("Kata sandi").fill("not-the-password");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.getByRole("alert").waitFor();
    await screenshot(page, "idp-login-refused");
    assert.ok(page.url().startsWith(stack.idp), "still at the provider");
  });

  test("no access or refresh token is readable by the page's JavaScript", async () => {
    await browser.context.clearCookies();
    await signIn(stack.web[0], "operator.sukamaju");
    const seen = await page.evaluate(async () => {
      const storage = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`);
      return {
        cookie: document.cookie,
        local: storage(localStorage),
        session: storage(sessionStorage),
        indexedDb: (await indexedDB.databases()).map((d) => d.name),
        me: await (await fetch("/auth/me")).text(),
      };
    });
    assert.equal(seen.cookie, "", "document.cookie shows nothing");
    assert.deepEqual(seen.local, []);
    assert.deepEqual(seen.session, []);
    assert.deepEqual(seen.indexedDb, []);
    assert.doesNotMatch(seen.me, /eyJ|token/i, "/auth/me carries no JWT");
    const cookies = await browser.context.cookies(stack.web[0]);
    const session = cookies.find((c) => c.name === "__Host-usulan-session");
    assert.ok(session, "the session cookie exists (the control: it is there, only unreadable)");
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, "Strict");
    assert.equal(session.path, "/");
    assert.ok(!cookies.some((c) => /^eyJ/.test(c.value)), "no cookie holds a JWT");
  });

  test("a proxied call works, and the server's history records the signed-in subject", async () => {
    const created = await call("ProposalService/CreateProposal", { ...household(), requestId: "e2e-create-1" });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body["proposalId"] as string;
    assert.match(id, /^[0-9a-f-]{36}$/);
    const history = await call("AuditService/GetHistory", { proposalId: id });
    assert.equal(history.status, 200);
    const transitions = history.body["transitions"] as Array<Record<string, unknown>>;
    assert.equal(transitions.length, 1);
    assert.equal(transitions[0]!["actorId"], "operator.sukamaju");
    const count = await call("ProposalService/CountProposals", {});
    assert.equal(count.status, 200, JSON.stringify(count.body));
    const listed = await call("ProposalService/ListProposals", {});
    assert.equal(listed.status, 200);
    assert.ok(JSON.stringify(listed.body).includes(id), "the new proposal is listed");
    await screenshot(page, "console-index");
  });

  test("the server's refusals pass through with their code and message", async () => {
    const bad = await call("ProposalService/GetProposal", { proposalId: "not-an-id" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body["code"], "invalid_argument");
    assert.match(String(bad.body["message"]), /^proposal_id/);
    const denied = await call("ReviewService/ListBatches", {});
    assert.equal(denied.body["code"], "permission_denied", JSON.stringify(denied.body));
  });

  test("client-streaming methods answer NDJSON at /stream/", async () => {
    const h = household();
    const lines = [
      { requestId: "e2e-import-1", rowNumber: 1, proposal: { ...h } },
      { requestId: "e2e-import-1", rowNumber: 2, proposal: { ...h, household: { members: [] } } },
    ];
    const send = (body: string) =>
      page.evaluate(async (b) => {
        const res = await fetch("/stream/usulan.v1.ProposalService/ImportProposals", {
          method: "POST",
          headers: { "content-type": "application/x-ndjson" },
          body: b,
        });
        return { status: res.status, type: res.headers.get("content-type"), lines: (await res.text()).trim().split("\n").map((l) => JSON.parse(l)) };
      }, body);
    const answer = await send(lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    assert.equal(answer.status, 200);
    assert.equal(answer.type, "application/x-ndjson");
    assert.equal(answer.lines.length, 3, JSON.stringify(answer.lines));
    assert.deepEqual(answer.lines[2], { status: { code: "ok" } });
    const codes = answer.lines.slice(0, 2).map((r: Record<string, unknown>) => [r["rowNumber"], r["code"]]);
    // Row 1 is the household already in an open proposal (ALREADY_EXISTS, 6);
    // row 2 has no members (INVALID_ARGUMENT, 3).
    assert.deepEqual(codes.sort(), [["1", 6], ["2", 3]]);
    const malformed = await send('{"rowNumber": "x"}\n');
    const last = malformed.lines[malformed.lines.length - 1];
    assert.equal(last.status.code, "invalid_argument");
    assert.match(last.status.message, /^line 1: /);
  });

  test("the same session cookie works at a second usulan-web instance, which refreshes its token", async () => {
    const refreshes = () => stack.webChildren[1].log().split("access token refreshed").length - 1;
    const before = refreshes();
    await page.goto(`${stack.web[1]}/`);
    const me = await page.evaluate(async () => (await fetch("/auth/me")).json());
    assert.equal(me.subject, "operator.sukamaju");
    const count = await call("ProposalService/CountProposals", {});
    assert.equal(count.status, 200, JSON.stringify(count.body));
    // The second instance refreshes before every call (stack.ts): the call
    // above went with a refreshed token, and the server accepted it.
    assert.ok(refreshes() >= before + 2, `refreshed ${refreshes() - before} times`);
    const again = await call("ProposalService/CountProposals", {});
    assert.equal(again.status, 200, "the rotated refresh token refreshes again");
    const direct = await httpsRequest(`${stack.web[1]}/auth/me`, stack.caFile, "GET", { cookie: await sessionCookieHeader() });
    assert.equal(direct.status, 200);
  });

  test("a cross-origin POST is refused, even with a valid session cookie", async () => {
    const cookie = await sessionCookieHeader();
    const headers = { cookie, "content-type": "application/json", "connect-protocol-version": "1" };
    const url = `${stack.web[0]}/usulan.v1.ProposalService/CountProposals`;
    const own = await httpsRequest(url, stack.caFile, "POST", { ...headers, origin: stack.web[0] }, "{}");
    assert.equal(own.status, 200, "control: the same request from the console's origin passes");
    const foreign = await httpsRequest(url, stack.caFile, "POST", { ...headers, origin: "https://evil.example" }, "{}");
    assert.equal(foreign.status, 403);
    const none = await httpsRequest(url, stack.caFile, "POST", headers, "{}");
    assert.equal(none.status, 403, "no Origin at all is refused too");
    const { "connect-protocol-version": _, ...formLike } = headers;
    const noHeader = await httpsRequest(url, stack.caFile, "POST", { ...formLike, origin: stack.web[0] }, "{}");
    assert.equal(noHeader.status, 400, "Connect's required header (a cross-site form cannot send it) is required");
    // From a page of another origin the browser itself blocks the call (no CORS).
    await page.goto(`${stack.idp}/.well-known/openid-configuration`);
    const blocked = await page.evaluate(async (u) => {
      try {
        await fetch(u, { method: "POST", credentials: "include", headers: { "content-type": "application/json", "connect-protocol-version": "1" }, body: "{}" });
        return "answered";
      } catch {
        return "blocked";
      }
    }, url);
    assert.equal(blocked, "blocked");
  });

  test("a Connect body over --max-request-bytes is refused", async () => {
    const cookie = await sessionCookieHeader();
    const big = JSON.stringify({ regionPrefix: "x".repeat(2 << 20) });
    const answer = await httpsRequest(
      `${stack.web[0]}/usulan.v1.ProposalService/CountProposals`,
      stack.caFile,
      "POST",
      { cookie, origin: stack.web[0], "content-type": "application/json", "connect-protocol-version": "1" },
      big,
    );
    assert.equal(JSON.parse(answer.body).code, "resource_exhausted", answer.body.slice(0, 200));
  });

  test("calls without a session are refused as unauthenticated", async () => {
    // Called from a page of the origin that is not the console, which would
    // send itself on to sign-in once the cookies are gone.
    await page.goto(`${stack.web[0]}/auth/me`);
    const signedIn = await call("ProposalService/CountProposals", {});
    assert.equal(signedIn.status, 200, "control: the call passes while signed in");
    await browser.context.clearCookies();
    const anonymous = await call("ProposalService/CountProposals", {});
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body["code"], "unauthenticated");
    const me = await page.evaluate(async () => (await fetch("/auth/me")).status);
    assert.equal(me, 401);
  });

  test("sign-out ends the session here and at the provider", async () => {
    await signIn(stack.web[0], "kades.sukamaju");
    // The console settled first: a navigation of its own (its first calls)
    // must not race the sign-out.
    await page.getByTestId("nav-home").waitFor();
    await page.waitForLoadState("networkidle");
    const me = await page.evaluate(async () => (await fetch("/auth/me")).status);
    assert.equal(me, 200, "control: signed in before signing out");
    await page.goto(`${stack.web[0]}/auth/logout`);
    await page.getByRole("button", { name: "Ya, keluar" }).click();
    await page.waitForURL(`${stack.web[0]}/`);
    // Asked with the browser's cookies but outside the page: the console, signed
    // out, sends the page on to sign-in at once.
    const after = (await browser.context.request.get(`${stack.web[0]}/auth/me`)).status();
    assert.equal(after, 401);
    await gotoPast(page, `${stack.web[0]}/auth/login`);
    await page.getByLabel("ID pengguna").waitFor(); // the provider asks again
  });

  test("security headers on the console", async () => {
    const answer = await httpsRequest(`${stack.web[0]}/`, stack.caFile, "GET", {});
    assert.equal(answer.status, 200);
    assert.equal(answer.headers["content-security-policy"], CSP + new URL(stack.idp).origin);
    assert.match(String(answer.headers["strict-transport-security"]), /^max-age=\d+/);
    assert.equal(answer.headers["x-content-type-options"], "nosniff");
    assert.equal(answer.headers["referrer-policy"], "no-referrer");
    const fallback = await httpsRequest(`${stack.web[0]}/proposals/123`, stack.caFile, "GET", {});
    assert.equal(fallback.body, answer.body, "the SPA fallback serves index.html");
    // /etc/host.conf exists on Debian; no path leaves the console's directory.
    const outside = await httpsRequest(`${stack.web[0]}/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fhost.conf`, stack.caFile, "GET", {});
    assert.equal(outside.status, 404);
  });

  test("usulan-web's and the provider's logs hold no token, password, NIK or name", () => {
    const logs = [...stack.webChildren, stack.idpChild].map((c) => c.log()).join("\n");
    assert.match(logs, /signed in/, "control: the logs are the ones written during the tests");
    const h = household() as { household: { members: Array<{ nik: string; name: string }>; kk_number: string } };
    const secrets = [
      ...h.household.members.flatMap((m) => [m.nik, m.name]),
      h.household.kk_number,
      ...Object.values(stack.passwords),
      ...stack.accounts.map((a) => a.name),
      "eyJ",
      "__Host-usulan-session=",
    ];
    for (const secret of secrets) assert.ok(!logs.includes(secret), `a log holds ${secret.slice(0, 3)}...`);
  });

  test("no serious or critical accessibility violation on the login and consent pages and the index", async () => {
    await browser.context.clearCookies();
    await leaveConsole(page);
    await gotoPast(page, `${stack.web[0]}/auth/login`);
    await page.getByLabel("ID pengguna").waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel("ID pengguna").fill("dinsos.kab3201");
    await page.getByLabel("Kata sandi").fill(stack.passwords["dinsos.kab3201"]!);
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.getByRole("button", { name: "Izinkan" }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], "the consent page");
    await page.getByRole("button", { name: "Izinkan" }).click();
    await page.waitForURL(`${stack.web[0]}/`);
    assert.deepEqual(await seriousViolations(page), []);
    // The control: axe does find a serious violation on a page that has one.
    await page.setContent("<html><body><input id=x></body></html>");
    assert.notDeepEqual(await seriousViolations(page), []);
  });
});
