// The session behind a request's cookie, with an access token that is still
// good for a while: one refresh before it expires (and at most one at a time
// per session in this process). A session whose refresh fails is ended, so
// the console signs in again.
import type { IncomingMessage } from "node:http";
import { readCookie, SESSION_COOKIE } from "./cookies.js";
import type { OidcClient } from "./oidc.js";
import type { Session, SessionStore } from "./session_store.js";
import { log } from "../shared/log.js";

export class SessionAccess {
  private readonly refreshing = new Map<string, Promise<Session | null>>();

  constructor(
    readonly store: SessionStore,
    private readonly oidc: OidcClient,
    private readonly refreshMarginMs: number, // --token-refresh-seconds
  ) {}

  async fromRequest(req: IncomingMessage): Promise<Session | null> {
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!cookie) return null;
    const session = await this.store.load(cookie);
    if (!session) return null;
    if (session.data.accessExpiresAt - Date.now() > this.refreshMarginMs) return session;
    const id = session.key.toString("hex");
    let pending = this.refreshing.get(id);
    if (!pending) {
      pending = this.refresh(session).finally(() => this.refreshing.delete(id));
      this.refreshing.set(id, pending);
    }
    return pending;
  }

  private async refresh(session: Session): Promise<Session | null> {
    try {
      const refreshed = { key: session.key, data: await this.oidc.refresh(session.data) };
      await this.store.update(refreshed);
      log("info", "access token refreshed");
      return refreshed;
    } catch (err) {
      log("warn", "token refresh failed; session ended", { reason: (err as Error).name });
      await this.store.remove(session.key);
      return null;
    }
  }
}
