// The whole stack of the browser tests, each part a real process: a private
// PostgreSQL (deploy/local-postgres.sh), the development identity provider,
// usulan-server over TLS trusting that provider (--oidc-issuer), and two
// usulan-web instances sharing one session database. stop() ends them all
// and removes every file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Child, fileContent, run } from "./processes.js";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const packageDir = join(repoRoot, "web/server");
const bin = (name: string, fallback: string) => process.env[name] ?? join(repoRoot, fallback);

export interface Stack {
  idp: string; // issuer URL
  web: [string, string]; // the two usulan-web origins
  caFile: string;
  server: Child;
  webChildren: [Child, Child];
  idpChild: Child;
  passwords: Record<string, string>;
  databaseUrl: string; // usulan-server's database, for a test's fixture rows

  accounts: Array<{ id: string; name: string; role: string; region: string }>;
  stop(): Promise<void>;
}

function writePrivate(path: string, text: string): string {
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

// A port free now, for a redirect URI that must be known before the listener
// starts (the provider's client registration). Released at once; a clash with
// another process in between fails the start loudly, it never passes wrongly.
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as import("node:net").AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startStack(): Promise<Stack> {
  const tmp = mkdtempSync(join(tmpdir(), "usulan-web-e2e-"));
  const children: Child[] = [];
  const pgDir = join(tmp, "pg");
  let pgStarted = false;
  const stop = async () => {
    for (const child of children.reverse()) await child.stop();
    if (pgStarted) run(join(repoRoot, "deploy/local-postgres.sh"), ["stop", pgDir]);
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const ctl = bin("USULANCTL", "build/tools/usulanctl");
    const serverBin = bin("USULAN_SERVER_BIN", "build/server/usulan-server");
    run(join(repoRoot, "deploy/local-postgres.sh"), ["start", pgDir]);
    pgStarted = true;
    const adminUrl = fileContent(join(pgDir, "url"))!;
    run("psql", [adminUrl, "-Xq", "-c", "CREATE DATABASE usulan", "-c", "CREATE DATABASE usulan_web"]);
    const pki = join(tmp, "pki");
    run(join(repoRoot, "deploy/dev-pki.sh"), [pki]);
    run(ctl, ["token", "keygen", "--out", join(tmp, "issuer.jwk"), "--jwks-out", join(tmp, "jwks.json")]);
    const secret = randomBytes(32).toString("base64url");
    const webPorts = [await freePort(), await freePort()];
    const web = webPorts.map((p) => `https://127.0.0.1:${p}`) as [string, string];
    writePrivate(
      join(tmp, "clients.json"),
      JSON.stringify([
        {
          client_id: "usulan-web",
          client_secret: secret,
          client_name: "Konsol Usulan",
          redirect_uris: web.map((w) => `${w}/auth/callback`),
          post_logout_redirect_uris: web.map((w) => `${w}/`),
        },
      ]),
    );

    const idp = Child.start("usulan-dev-idp", process.execPath, [
      join(packageDir, "dist/idp/main.js"),
      "--accounts", join(repoRoot, "deploy/dev-accounts.json"),
      "--signing-key", join(tmp, "issuer.jwk"),
      "--clients", join(tmp, "clients.json"),
      "--issuer-file", join(tmp, "issuer.url"),
    ], join(tmp, "idp.log"));
    children.push(idp);
    const issuer = await idp.waitFor(() => fileContent(join(tmp, "issuer.url")));

    const databaseUrl = `${adminUrl} dbname=usulan`;
    run(serverBin, ["migrate", "--database-url", databaseUrl]);
    // The server's default civil registry is its registry_people table: loaded
    // with the scenario's people, submitted households of deploy/scenario/ match.
    run(serverBin, ["load-registry", join(repoRoot, "deploy/scenario/registry.csv"), "--database-url", databaseUrl]);
    const server = Child.start("usulan-server", serverBin, [
      "serve", "--listen", "127.0.0.1:0", "--database-url", databaseUrl,
      "--tls-cert-file", join(pki, "server.crt"), "--tls-key-file", join(pki, "server.key"),
      "--oidc-issuer", issuer,
      "--nik-key-file", writePrivate(join(tmp, "nik.key"), randomBytes(32).toString("hex")),
      "--household-key-file", writePrivate(join(tmp, "household.key"), randomBytes(32).toString("hex")),
      // usulan-web names each browser's address (x-usulan-client-address),
      // trusted from usulan-web's address (docs/limits.md). The rate stays
      // raised: the tests' one browser is one client either way, and
      // public_status.test.ts expects usulan-web's limit (a burst of 10) to
      // refuse before the server's default (a burst of 5).
      "--trusted-proxies", "127.0.0.1",
      "--public-status-rate", "600", "--public-status-burst", "100",
    ], join(tmp, "server.log"));
    children.push(server);
    const serverPort = await server.waitFor(() => /\(port ([0-9]+)\)/.exec(server.log())?.[1] ?? null);

    // The real console, built by deploy/web-test.sh (npm run build in web/console).
    const consoleDir = join(repoRoot, "web/console/dist");
    if (!existsSync(join(consoleDir, "index.html"))) {
      throw new Error(`${consoleDir}/index.html missing: build the console first (cd web/console && npm ci && npm run build)`);
    }
    const common = [
      "--tls-cert-file", join(pki, "server.crt"), "--tls-key-file", join(pki, "server.key"),
      "--oidc-issuer", issuer,
      "--oidc-client-secret-file", writePrivate(join(tmp, "client.secret"), secret),
      "--server", `127.0.0.1:${serverPort}`, "--server-ca-file", join(pki, "ca.crt"),
      "--database-url", `${adminUrl} dbname=usulan_web`,
      "--session-key-file", writePrivate(join(tmp, "session.key"), randomBytes(32).toString("hex")),
      "--console-dir", consoleDir,
    ];
    for (const [i, port] of webPorts.entries()) {
      const child = Child.start(`usulan-web ${i}`, process.execPath, [
        join(packageDir, "dist/bff/main.js"), ...common,
        "--listen", `127.0.0.1:${port}`, "--address-file", join(tmp, `web${i}.url`),
        // The second instance refreshes the access token before every call
        // (its margin exceeds the token's lifetime): the refresh path runs.
        "--token-refresh-seconds", i === 0 ? "60" : "86400",
      ], join(tmp, `web${i}.log`));
      children.push(child);
    }
    for (const [i, child] of children.slice(-2).entries()) await child.waitFor(() => fileContent(join(tmp, `web${i}.url`)));

    const passwords = (JSON.parse(readFileSync(join(repoRoot, "deploy/dev-accounts.passwords.json"), "utf8")) as {
      passwords: Record<string, string>;
    }).passwords;
    const accounts = (JSON.parse(readFileSync(join(repoRoot, "deploy/dev-accounts.json"), "utf8")) as { accounts: Stack["accounts"] }).accounts;
    const webChildren = children.slice(-2) as [Child, Child];
    return { idp: issuer, web, caFile: join(pki, "ca.crt"), server, webChildren, idpChild: idp, passwords, databaseUrl, accounts, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
