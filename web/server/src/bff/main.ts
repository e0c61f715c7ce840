// usulan-web: the console's backend-for-frontend (docs/console.md). Serves the
// built console over HTTPS, signs users in with OpenID Connect, keeps their
// sessions in PostgreSQL, and proxies every usulan.v1 method to usulan-server
// with the session's access token. Tokens never reach the browser.
import { createServer } from "node:https";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { claimFlags, intFlag, splitListen, type FlagSpec, type Flags } from "../shared/flags.js";
import { listenOn, runMain } from "../shared/program.js";
import { readPrivateFile } from "../shared/private_file.js";
import { log } from "../shared/log.js";
import { createApp } from "./app.js";
import { ClientLimiter } from "./public_status.js";
import { loadServices } from "./descriptors.js";
import { OidcClient } from "./oidc.js";
import { pgConfig } from "./pg_config.js";
import { Sealer } from "./sealer.js";
import { SessionAccess } from "./session_access.js";
import { SessionStore } from "./session_store.js";
import { upstreamTransport } from "./upstream.js";

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

const specs: FlagSpec[] = [
  { name: "listen", env: "USULAN_WEB_LISTEN", help: "HOST:PORT of the HTTPS listener; port 0 picks a free one", default: "127.0.0.1:8443" },
  { name: "public-url", env: "USULAN_WEB_PUBLIC_URL", help: "the origin browsers use (https://...); default https://<listen>", default: "" },
  { name: "tls-cert-file", env: "USULAN_WEB_TLS_CERT_FILE", help: "PEM certificate chain of the HTTPS listener" },
  { name: "tls-key-file", env: "USULAN_WEB_TLS_KEY_FILE", help: "its PEM private key, mode 0600" },
  { name: "oidc-issuer", env: "USULAN_WEB_OIDC_ISSUER", help: "the OpenID provider's issuer URL (https, or http on loopback)" },
  { name: "oidc-client-id", env: "USULAN_WEB_OIDC_CLIENT_ID", help: "this client's id at the provider", default: "usulan-web" },
  { name: "oidc-client-secret-file", env: "USULAN_WEB_OIDC_CLIENT_SECRET_FILE", help: "file holding the client secret, mode 0600" },
  { name: "oidc-scope", env: "USULAN_WEB_OIDC_SCOPE", help: "scopes requested", default: "openid profile offline_access usulan:api" },
  { name: "oidc-resource", env: "USULAN_WEB_OIDC_RESOURCE", help: "resource indicator sent (RFC 8707); empty for none", default: "urn:usulan:server" },
  ...claimFlags("USULAN_WEB"),
  { name: "server", env: "USULAN_WEB_SERVER", help: "usulan-server's HOST:PORT (gRPC over TLS)" },
  { name: "server-ca-file", env: "USULAN_WEB_SERVER_CA_FILE", help: "PEM CA of usulan-server's certificate" },
  { name: "database-url", env: "USULAN_WEB_DATABASE_URL", help: "PostgreSQL for the sessions (URI or libpq keyword string)" },
  { name: "session-key-file", env: "USULAN_WEB_SESSION_KEY_FILE", help: "64 hex digits sealing the sessions (AES-256-GCM), mode 0600" },
  { name: "session-idle-seconds", env: "USULAN_WEB_SESSION_IDLE_SECONDS", help: "a session ends after this long without a request", default: "1800" },
  { name: "session-absolute-seconds", env: "USULAN_WEB_SESSION_ABSOLUTE_SECONDS", help: "and this long after sign-in at most", default: "43200" },
  { name: "token-refresh-seconds", env: "USULAN_WEB_TOKEN_REFRESH_SECONDS", help: "refresh the access token when it has less than this left", default: "60" },
  { name: "console-dir", env: "USULAN_WEB_CONSOLE_DIR", help: "the built console", default: here("../../../console/dist") },
  { name: "descriptor-set", env: "USULAN_WEB_DESCRIPTOR_SET", help: "FileDescriptorSet of proto/usulan/v1", default: here("../usulan.binpb") },
  { name: "max-request-bytes", env: "USULAN_WEB_MAX_REQUEST_BYTES", help: "largest Connect request body", default: "1048576" },
  { name: "max-stream-bytes", env: "USULAN_WEB_MAX_STREAM_BYTES", help: "largest /stream/ request body", default: "67108864" },
  { name: "public-status-rate", env: "USULAN_WEB_PUBLIC_STATUS_RATE", help: "public status checks per browser address per minute", default: "30" },
  { name: "public-status-burst", env: "USULAN_WEB_PUBLIC_STATUS_BURST", help: "public status checks one browser address may make at once", default: "10" },
  { name: "address-file", env: "USULAN_WEB_ADDRESS_FILE", help: "where to write the public URL once listening", default: "" },
];

async function main(flags: Flags): Promise<void> {
  const listen = splitListen(flags, "listen");
  const sealer = Sealer.fromFile(flags["session-key-file"]!);
  const services = loadServices(flags["descriptor-set"]!);
  const pool = new pg.Pool({ ...pgConfig(flags["database-url"]!), max: 8, connectionTimeoutMillis: 5000 });
  pool.on("error", (err) => log("error", "session database", { reason: err.message }));
  const store = new SessionStore(
    pool,
    sealer,
    intFlag(flags, "session-idle-seconds", 60, 86400),
    intFlag(flags, "session-absolute-seconds", 300, 7 * 86400),
  );
  await store.init();

  const server = createServer({
    cert: readFileSync(flags["tls-cert-file"]!),
    key: readPrivateFile(flags["tls-key-file"]!, "--tls-key-file"),
    minVersion: "TLSv1.2",
  });
  server.requestTimeout = 300_000;
  const bound = await listenOn(server, listen);
  const publicOrigin = new URL(flags["public-url"] || `https://${bound}`).origin;
  if (!publicOrigin.startsWith("https://")) throw new Error("--public-url must be https: the session cookie is Secure");

  const oidc = await OidcClient.discover({
    issuer: flags["oidc-issuer"]!,
    clientId: flags["oidc-client-id"]!,
    clientSecret: readPrivateFile(flags["oidc-client-secret-file"]!, "--oidc-client-secret-file").trim(),
    redirectUri: `${publicOrigin}/auth/callback`,
    scope: flags["oidc-scope"]!,
    resource: flags["oidc-resource"]!,
    roleClaim: flags["role-claim"]!,
    regionClaim: flags["region-claim"]!,
  });
  const maxRequestBytes = intFlag(flags, "max-request-bytes", 1024, 64 << 20);
  server.on(
    "request",
    createApp({
      oidc,
      sessions: new SessionAccess(store, oidc, intFlag(flags, "token-refresh-seconds", 0, 86400) * 1000),
      sealer,
      publicOrigin,
      services,
      transport: upstreamTransport(flags["server"]!, flags["server-ca-file"]!, 64 << 20),
      consoleDir: flags["console-dir"]!,
      maxRequestBytes,
      maxStreamBytes: intFlag(flags, "max-stream-bytes", 1024, 1 << 30),
      publicStatusLimiter: new ClientLimiter(
        intFlag(flags, "public-status-rate", 1, 100000),
        intFlag(flags, "public-status-burst", 1, 100000),
      ),
    }),
  );
  if (!existsSync(join(flags["console-dir"]!, "index.html"))) {
    log("warn", "no console built: GET / answers 404 until --console-dir holds index.html", { console: flags["console-dir"] });
  }
  if (flags["address-file"]) writeFileSync(flags["address-file"], `${publicOrigin}\n`);
  log("info", "usulan-web listening", { url: publicOrigin, methods: services.methods.size, console: flags["console-dir"] });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      server.close(() => void pool.end().finally(() => process.exit(0)));
      server.closeAllConnections();
    });
  }
}

runMain("usulan-web", specs, main);
