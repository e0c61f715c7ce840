// Sessions kept server-side in PostgreSQL (schema usulan_web, created on
// start), so any usulan-web instance behind a load balancer serves any user.
// The cookie holds 32 random bytes; the table holds only their SHA-256 (a
// database reader cannot replay a session) and the session sealed with the
// key of --session-key-file (a database reader learns no token). A session
// ends after --session-idle-seconds without a request or
// --session-absolute-seconds after sign-in, whichever comes first.
// Thread safety: one pg pool; every method is a single statement.
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import type { Sealer } from "./sealer.js";

export interface SessionData {
  sub: string;
  name: string;
  role: string;
  region: string;
  accessToken: string;
  accessExpiresAt: number; // ms since the epoch
  refreshToken: string | null;
  idToken: string | null;
}

export interface Session {
  key: Buffer; // sha256 of the cookie value
  data: SessionData;
}

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS usulan_web;
CREATE TABLE IF NOT EXISTS usulan_web.sessions (
  id_hash bytea PRIMARY KEY,
  sealed bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON usulan_web.sessions (expires_at);`;

export class SessionStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sealer: Sealer,
    private readonly idleSeconds: number,
    private readonly absoluteSeconds: number,
  ) {}

  // Creates the schema; two instances starting at once take turns (advisory lock).
  async init(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext('usulan_web.schema'))");
      await client.query(SCHEMA);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  static keyOf(cookie: string): Buffer {
    return createHash("sha256").update(cookie).digest();
  }

  // Returns the cookie value of the new session.
  async create(data: SessionData): Promise<string> {
    const cookie = randomBytes(32).toString("base64url");
    const key = SessionStore.keyOf(cookie);
    await this.pool.query(
      "INSERT INTO usulan_web.sessions (id_hash, sealed, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))",
      [key, this.seal(key, data), this.absoluteSeconds],
    );
    // Expired rows go when someone signs in, not on every request.
    await this.pool.query(
      "DELETE FROM usulan_web.sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)",
      [this.idleSeconds],
    );
    return cookie;
  }

  // The live session of a cookie, its idle clock restarted; null when unknown,
  // expired, idle too long, or not opening under our key.
  async load(cookie: string): Promise<Session | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
    const key = SessionStore.keyOf(cookie);
    const result = await this.pool.query<{ sealed: Buffer }>(
      `UPDATE usulan_web.sessions SET last_seen_at = now()
        WHERE id_hash = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
        RETURNING sealed`,
      [key, this.idleSeconds],
    );
    const row = result.rows[0];
    if (!row) return null;
    const plain = this.sealer.open(row.sealed, key);
    return plain ? { key, data: JSON.parse(plain.toString("utf8")) as SessionData } : null;
  }

  async update(session: Session): Promise<void> {
    await this.pool.query("UPDATE usulan_web.sessions SET sealed = $2 WHERE id_hash = $1", [
      session.key,
      this.seal(session.key, session.data),
    ]);
  }

  async remove(key: Buffer): Promise<void> {
    await this.pool.query("DELETE FROM usulan_web.sessions WHERE id_hash = $1", [key]);
  }

  private seal(key: Buffer, data: SessionData): Buffer {
    return this.sealer.seal(Buffer.from(JSON.stringify(data), "utf8"), key);
  }
}
