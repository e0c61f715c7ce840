// /auth/login, /auth/callback, /auth/logout and /auth/me: the browser's side
// of the OpenID Connect sign-in. The browser only ever holds the session
// cookie; /auth/me answers who is signed in, never a token.
import type { IncomingMessage, ServerResponse } from "node:http";
import { clearedCookie, LOGIN_COOKIE, loginCookie, readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.js";
import type { LoginTransaction, OidcClient } from "./oidc.js";
import type { Sealer } from "./sealer.js";
import type { SessionAccess } from "./session_access.js";
import { hasOwnOrigin, isSafeMethod, sendConnectError } from "./security.js";
import { log } from "../shared/log.js";

const LOGIN_AAD = Buffer.from("usulan-web login transaction");

export interface AuthDeps {
  oidc: OidcClient;
  sessions: SessionAccess;
  sealer: Sealer;
  publicOrigin: string;
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(303, { location, "set-cookie": cookies, "cache-control": "no-store" });
  res.end();
}

// After the provider's cross-site redirect, a page of our own moves on to the
// console: the navigation it starts is same-site, so the browser sends the
// SameSite=Strict session cookie with it (a 303 would still count as part of
// the cross-site chain). A meta refresh, since the CSP allows no inline script.
function continuePage(res: ServerResponse, cookies: string[]): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "set-cookie": cookies, "cache-control": "no-store" });
  res.end(`<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/">
<title>Usulan</title></head><body><main><p><a href="/">Lanjut ke konsol Usulan</a></p></main></body></html>`);
}

export function authRoutes(deps: AuthDeps) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (path === "/auth/login" && isSafeMethod(req)) {
      const { url, transaction } = await deps.oidc.beginLogin();
      const sealed = deps.sealer.seal(Buffer.from(JSON.stringify(transaction)), LOGIN_AAD).toString("base64url");
      return redirect(res, url.href, [loginCookie(sealed)]);
    }
    if (path === "/auth/callback" && isSafeMethod(req)) {
      const sealed = readCookie(req.headers.cookie, LOGIN_COOKIE);
      const plain = sealed ? deps.sealer.open(Buffer.from(sealed, "base64url"), LOGIN_AAD) : null;
      const transaction = plain ? (JSON.parse(plain.toString("utf8")) as LoginTransaction) : null;
      if (!transaction || transaction.expiresAt < Date.now()) {
        return redirect(res, "/auth/login", [clearedCookie(LOGIN_COOKIE)]);
      }
      try {
        const data = await deps.oidc.finishLogin(new URL(req.url ?? "/", deps.publicOrigin), transaction);
        const cookie = await deps.sessions.store.create(data);
        log("info", "signed in", { role: data.role });
        return continuePage(res, [sessionCookie(cookie), clearedCookie(LOGIN_COOKIE)]);
      } catch (err) {
        log("warn", "sign-in failed", { reason: (err as Error).name, detail: (err as { code?: string }).code });
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8", "set-cookie": [clearedCookie(LOGIN_COOKIE)] });
        return void res.end("sign-in failed; start again at /auth/login\n");
      }
    }
    if (path === "/auth/logout" && (req.method === "POST" || isSafeMethod(req))) {
      // GET too, for a plain link: the session cookie is SameSite=Strict, so
      // another site cannot sign the user out either way.
      if (!isSafeMethod(req) && !hasOwnOrigin(req, deps.publicOrigin)) {
        return sendConnectError(res, 403, "permission_denied", "cross-origin request refused");
      }
      const session = await deps.sessions.fromRequest(req).catch(() => null);
      if (session) await deps.sessions.store.remove(session.key);
      const end = deps.oidc.endSessionUrl(session?.data.idToken ?? null, `${deps.publicOrigin}/`);
      return redirect(res, end ? end.href : "/", [clearedCookie(SESSION_COOKIE)]);
    }
    if (path === "/auth/me" && isSafeMethod(req)) {
      const session = await deps.sessions.fromRequest(req);
      if (!session) return sendConnectError(res, 401, "unauthenticated", "not signed in: go to /auth/login");
      const { sub, name, role, region } = session.data;
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return void res.end(JSON.stringify({ subject: sub, name, role, region }));
    }
    sendConnectError(res, 404, "not_found", `no such page: ${path}`);
  };
}
