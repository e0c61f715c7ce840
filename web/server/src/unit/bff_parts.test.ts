// Unit tests of usulan-web's and the provider's small parts, no process or
// browser needed: the session sealing, the database address, the cookie
// reader, the flags, the password hashes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Sealer } from "../bff/sealer.js";
import { pgConfig } from "../bff/pg_config.js";
import { readCookie, SESSION_COOKIE, sessionCookie } from "../bff/cookies.js";
import { parseFlags } from "../shared/flags.js";
import { hashPassword, verifyPassword } from "../idp/password.js";
import { escapeHtml } from "../idp/pages.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { withoutUpstreamMetadata } from "../bff/proxy_routes.js";
import { ClientLimiter, isPublicMethod } from "../bff/public_status.js";

function withKeyFile<T>(mode: number, body: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "usulan-web-unit-"));
  try {
    const path = join(dir, "session.key");
    writeFileSync(path, randomBytes(32).toString("hex"), { mode });
    return body(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a sealed session opens only unaltered, under its key and its row", () => {
  withKeyFile(0o600, (path) => {
    const sealer = Sealer.fromFile(path);
    const row = Buffer.from("row-1");
    const sealed = sealer.seal(Buffer.from("secret tokens"), row);
    assert.equal(sealer.open(sealed, row)?.toString(), "secret tokens");
    assert.ok(!sealed.includes(Buffer.from("secret tokens")), "not readable at rest");
    assert.equal(sealer.open(sealed, Buffer.from("row-2")), null, "moved to another row");
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    assert.equal(sealer.open(altered, row), null, "altered");
    withKeyFile(0o600, (other) => assert.equal(Sealer.fromFile(other).open(sealed, row), null, "another key"));
  });
});

test("a session key readable by others is refused", () => {
  withKeyFile(0o644, (path) => assert.throws(() => Sealer.fromFile(path), /chmod 600/));
});

test("the database address: libpq keywords or a URI, never a password", () => {
  assert.deepEqual(pgConfig("host=/run/pg port=5433 dbname=usulan_web user=web"), {
    host: "/run/pg",
    port: 5433,
    database: "usulan_web",
    user: "web",
  });
  assert.deepEqual(pgConfig("host='/a b' dbname=x"), { host: "/a b", database: "x" });
  assert.deepEqual(pgConfig("postgresql://web@db/usulan_web"), { connectionString: "postgresql://web@db/usulan_web" });
  assert.throws(() => pgConfig("host=/run/pg password=x"), /password/);
  assert.throws(() => pgConfig("postgresql://web:x@db/usulan_web"), /password/);
  assert.throws(() => pgConfig("not a url"), /neither/);
});

test("the session cookie is read by its exact name and written with its attributes", () => {
  assert.equal(readCookie(`a=1; ${SESSION_COOKIE}=abc; b=2`, SESSION_COOKIE), "abc");
  assert.equal(readCookie(`x${SESSION_COOKIE}=abc`, SESSION_COOKIE), null);
  assert.equal(readCookie(undefined, SESSION_COOKIE), null);
  assert.equal(sessionCookie("v"), `${SESSION_COOKIE}=v; Path=/; Secure; HttpOnly; SameSite=Strict`);
});

test("flags: command line over environment over default; unknown and missing ones refused", () => {
  const specs = [
    { name: "a", env: "T_A", help: "", default: "1" },
    { name: "b", env: "T_B", help: "" },
  ];
  assert.deepEqual(parseFlags(["--b", "x"], specs, {}), { a: "1", b: "x" });
  assert.deepEqual(parseFlags(["--a=2"], specs, { T_B: "y", T_A: "3" }), { a: "2", b: "y" });
  assert.throws(() => parseFlags([], specs, {}), /--b \(T_B\) is required/);
  assert.throws(() => parseFlags(["--c", "1", "--b", "x"], specs, {}), /unknown flag --c/);
  assert.throws(() => parseFlags(["--b"], specs, {}), /needs a value/);
});

test("password hashes verify the password and nothing else", async () => {
  const hash = await hashPassword("kata-sandi-1");
  assert.match(hash, /^scrypt\$16384\$8\$1\$/);
  assert.equal(await verifyPassword("kata-sandi-1", hash), true);
  assert.equal(await verifyPassword("kata-sandi-2", hash), false);
  assert.equal(await verifyPassword("kata-sandi-1", "plain"), false);
  assert.notEqual(await hashPassword("kata-sandi-1"), hash, "salted");
});

test("the provider's pages escape what they show", () => {
  assert.equal(escapeHtml(`<a href="x">'&`), "&#60;a href=&#34;x&#34;&#62;&#39;&#38;");
});

test("a refused upstream call reaches the browser without the gRPC response headers", () => {
  const upstream = new ConnectError("expected_version 2 is stale", Code.Aborted, {
    "content-type": "application/grpc",
    "grpc-status": "10",
    "grpc-message": "expected_version 2 is stale",
  });
  upstream.details = [{ type: "google.rpc.BadRequest", value: new Uint8Array([1, 2]) }];
  const plain = withoutUpstreamMetadata(upstream) as ConnectError;
  assert.equal(plain.code, Code.Aborted);
  assert.equal(plain.rawMessage, "expected_version 2 is stale");
  assert.deepEqual(plain.details, upstream.details);
  for (const name of ["content-type", "grpc-status", "grpc-message"]) assert.equal(plain.metadata.get(name), null, name);
  const other = new Error("not a ConnectError");
  assert.equal(withoutUpstreamMetadata(other), other);
});

test("the public status check's limit per browser address: a burst, then the rate, with a retry hint", () => {
  let now = 1_000_000;
  const limiter = new ClientLimiter(6, 2, 2, () => now);
  assert.equal(limiter.take("a"), undefined);
  assert.equal(limiter.take("a"), undefined);
  assert.equal(limiter.take("a"), 10000); // 6 a minute: the next in 10 s
  assert.equal(limiter.take("b"), undefined); // per address
  now += 2500;
  assert.equal(limiter.take("a"), 7500);
  now += 7500;
  assert.equal(limiter.take("a"), undefined);
  // Bounded: a third address makes room by dropping the oldest bucket.
  assert.equal(limiter.take("c"), undefined);
  assert.equal(limiter.take("c"), undefined);
  assert.notEqual(limiter.take("c"), undefined);
});

test("only CheckStatus of PublicStatusService is forwarded without a session", () => {
  assert.equal(isPublicMethod("usulan.v1.PublicStatusService", "CheckStatus"), true);
  assert.equal(isPublicMethod("usulan.v1.ProposalService", "GetProposal"), false);
  assert.equal(isPublicMethod("usulan.v1.CitizenService", "CheckStatus"), false);
});
