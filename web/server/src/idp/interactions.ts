// The login and consent steps of oidc-provider's interactions, as plain
// HTML forms (pages.ts): GET /interaction/<uid> shows the step the provider
// asks for; POST .../login checks the password, .../confirm grants the
// requested scopes and resource, .../abort refuses.
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { Account } from "./accounts.js";
import { verifyPassword } from "./password.js";
import { consentPage, loginPage } from "./pages.js";

// The console's public status check, on the origin the client's redirect URI
// names (the provider has already matched it against the client's registered
// URIs); "" when there is none.
function publicStatusUrl(redirectUri: unknown): string {
  try {
    const url = new URL(String(redirectUri));
    return url.protocol === "https:" || url.protocol === "http:" ? new URL("/cek-status", url.origin).href : "";
  } catch {
    return "";
  }
}
import { log } from "../shared/log.js";

const MAX_FORM_BYTES = 4096;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = String(req.headers["content-type"] ?? "");
  if (!type.startsWith("application/x-www-form-urlencoded")) throw new Error("form expected");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

export function interactionHandler(provider: Provider, accounts: Map<string, Account>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (!m) return html(res, 404, "not found");
    const action = m[2];
    try {
      const details = await provider.interactionDetails(req, res);
      const client = await provider.Client.find(String(details.params["client_id"]));
      const clientName = client?.clientName ?? String(details.params["client_id"]);
      const statusUrl = publicStatusUrl(details.params["redirect_uri"]);
      if (req.method === "GET" && !action) {
        if (details.prompt.name === "login") return html(res, 200, loginPage(details.uid, clientName, null, "", statusUrl));
        const scopes = String(details.params["scope"] ?? "").split(" ").filter(Boolean);
        return html(res, 200, consentPage(details.uid, clientName, scopes));
      }
      if (req.method !== "POST") return html(res, 405, "method not allowed");
      if (action === "login") {
        const form = await readForm(req);
        const login = form.get("login") ?? "";
        const account = accounts.get(login);
        const ok = account !== undefined && (await verifyPassword(form.get("password") ?? "", account.password_hash));
        if (!ok) {
          log("info", "login refused"); // never the user id: it may be a person's name
          return html(res, 401, loginPage(details.uid, clientName, "ID pengguna atau kata sandi salah.", login, statusUrl));
        }
        return await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      }
      if (action === "confirm") {
        const accountId = details.session?.accountId;
        if (!accountId || details.prompt.name !== "consent") return html(res, 400, "no consent pending");
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId, clientId: String(details.params["client_id"]) });
        if (!grant) return html(res, 400, "grant not found");
        const missing = details.prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
          grant.addResourceScope(indicator, scopes.join(" "));
        }
        const grantId = await grant.save();
        return await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
      return await provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "the user refused" },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      log("warn", "interaction failed", { reason: (err as Error).message });
      if (!res.headersSent) html(res, 400, "the sign-in step expired or is invalid; start again");
    }
  };
}
