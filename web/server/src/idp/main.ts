// usulan-dev-idp: the development identity provider (OpenID Connect, for the
// demo and the browser tests only; production uses the ministry's provider).
// Listens over plain http on a loopback address only (usulan-server's
// --oidc-issuer accepts http only there) and prints its issuer URL.
import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
import { claimFlags, splitListen, intFlag, isLoopbackHost, type FlagSpec, type Flags } from "../shared/flags.js";
import { listenOn, runMain } from "../shared/program.js";
import { readPrivateFile } from "../shared/private_file.js";
import { log } from "../shared/log.js";
import { loadAccounts } from "./accounts.js";
import { createProvider, type IdpClient } from "./provider.js";
import { interactionHandler } from "./interactions.js";
import { STYLESHEET } from "./pages.js";

const specs: FlagSpec[] = [
  { name: "listen", env: "USULAN_IDP_LISTEN", help: "loopback HOST:PORT; port 0 picks a free one", default: "127.0.0.1:0" },
  { name: "accounts", env: "USULAN_IDP_ACCOUNTS", help: "the accounts file (deploy/dev-accounts.json)" },
  { name: "signing-key", env: "USULAN_IDP_SIGNING_KEY", help: "private JWK (EdDSA or ES256, with kid and alg), mode 0600" },
  { name: "clients", env: "USULAN_IDP_CLIENTS", help: "JSON array of clients (client_id, client_secret, redirect_uris, post_logout_redirect_uris), mode 0600" },
  { name: "resource", env: "USULAN_IDP_RESOURCE", help: "resource indicator of usulan-server", default: "urn:usulan:server" },
  { name: "audience", env: "USULAN_IDP_AUDIENCE", help: "aud of the access tokens (usulan-server --token-audience)", default: "usulan" },
  ...claimFlags("USULAN_IDP"),
  { name: "access-token-ttl", env: "USULAN_IDP_ACCESS_TOKEN_TTL", help: "access token lifetime in seconds", default: "900" },
  { name: "refresh-token-ttl", env: "USULAN_IDP_REFRESH_TOKEN_TTL", help: "refresh token and session lifetime in seconds", default: "43200" },
  { name: "issuer-file", env: "USULAN_IDP_ISSUER_FILE", help: "where to write the issuer URL once listening", default: "" },
];

async function main(flags: Flags): Promise<void> {
  const listen = splitListen(flags, "listen");
  if (!isLoopbackHost(listen.host)) throw new Error("--listen must be a loopback address: this provider is for development only");
  const accounts = loadAccounts(flags["accounts"]!);
  const signingKey = JSON.parse(readPrivateFile(flags["signing-key"]!, "--signing-key")) as Record<string, unknown>;
  const clients = JSON.parse(readPrivateFile(flags["clients"]!, "--clients")) as IdpClient[];
  const accessTokenTtl = intFlag(flags, "access-token-ttl", 60, 3600);
  const refreshTokenTtl = intFlag(flags, "refresh-token-ttl", 300, 30 * 86400);

  let handler: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    // No script on any page of this provider; its forms post to itself.
    res.setHeader("content-security-policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  const issuer = `http://${await listenOn(server, listen)}`;
  const provider = createProvider({
    issuer,
    accounts,
    signingKey,
    clients,
    resource: flags["resource"]!,
    audience: flags["audience"]!,
    roleClaim: flags["role-claim"]!,
    regionClaim: flags["region-claim"]!,
    accessTokenTtl,
    refreshTokenTtl,
  });
  const interactions = interactionHandler(provider, accounts);
  const oidc = provider.callback();
  handler = (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/idp.css") {
      res.writeHead(200, { "content-type": "text/css; charset=utf-8" }).end(STYLESHEET);
    } else if (path.startsWith("/interaction/")) {
      void interactions(req, res);
    } else {
      oidc(req, res);
    }
  };
  if (flags["issuer-file"]) writeFileSync(flags["issuer-file"], `${issuer}\n`);
  log("info", "idp listening", { issuer, accounts: accounts.size, clients: clients.length });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}

runMain("usulan-dev-idp", specs, main);
