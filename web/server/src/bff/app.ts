// usulan-web's request dispatch: the CSRF rule for every request that may
// change something, then /auth/*, /stream/* (client-streaming methods as
// NDJSON), the Connect router for /usulan.v1.<Service>/<Method>, and the
// console's static files for every other GET.
import type { IncomingMessage, ServerResponse } from "node:http";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { Code, createContextValues, type Transport } from "@connectrpc/connect";
import { authRoutes, type AuthDeps } from "./auth_routes.js";
import type { Services } from "./descriptors.js";
import { BROWSER_ADDRESS, routeMethod, SESSION } from "./proxy_routes.js";
import { refuseStream, serveStream } from "./ndjson_stream.js";
import { browserAddress, ClientLimiter, PUBLIC_METHOD_PATH } from "./public_status.js";
import { hasOwnOrigin, isSafeMethod, sendConnectError, setSecurityHeaders } from "./security.js";
import type { Session } from "./session_store.js";
import { staticFiles } from "./static_files.js";
import { log } from "../shared/log.js";

export interface AppDeps extends AuthDeps {
  services: Services;
  transport: Transport;
  consoleDir: string;
  maxRequestBytes: number;
  maxStreamBytes: number;
  // Per browser address, before the public status check is forwarded.
  publicStatusLimiter: ClientLimiter;
}

export function createApp(deps: AppDeps) {
  const idpOrigin = deps.oidc.issuerOrigin;
  const sessionOf = new WeakMap<IncomingMessage, Session>();
  const connect = connectNodeAdapter({
    routes: (router) => {
      for (const service of deps.services.services) {
        for (const method of service.methods) routeMethod(router, method, deps.transport);
      }
    },
    connect: true,
    grpc: false,
    grpcWeb: false,
    requireConnectProtocolHeader: true,
    readMaxBytes: deps.maxRequestBytes,
    jsonOptions: { registry: deps.services.registry },
    contextValues: (req) =>
      createContextValues()
        .set(SESSION, sessionOf.get(req as IncomingMessage) ?? null)
        .set(BROWSER_ADDRESS, browserAddress(req as IncomingMessage)),
  });
  const auth = authRoutes(deps);
  const files = staticFiles(deps.consoleDir);
  const servicePrefixes = deps.services.services.map((s) => `/${s.typeName}/`);
  const streamDeps = {
    methods: deps.services.methods,
    registry: deps.services.registry,
    transport: deps.transport,
    maxBytes: deps.maxStreamBytes,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res, idpOrigin);
    const path = new URL(req.url ?? "/", "https://usulan-web.invalid").pathname;
    if (!isSafeMethod(req) && !hasOwnOrigin(req, deps.publicOrigin)) {
      return sendConnectError(res, 403, "permission_denied", "cross-origin request refused (Origin must be this console)");
    }
    if (path.startsWith("/auth/")) return auth(req, res, path);
    if (path.startsWith("/stream/")) {
      if (req.method !== "POST") return refuseStream(res, 405, Code.InvalidArgument, "POST only");
      const session = await deps.sessions.fromRequest(req);
      if (!session) return refuseStream(res, 401, Code.Unauthenticated, "not signed in: go to /auth/login");
      return serveStream(req, res, path.slice("/stream/".length), session.data.accessToken, streamDeps);
    }
    if (path === PUBLIC_METHOD_PATH) {
      // No session needed (docs/public-status.md); usulan-web's own limit first.
      const wait = deps.publicStatusLimiter.take(browserAddress(req) || "unknown");
      if (wait !== undefined) {
        res.setHeader("retry-after", String(Math.ceil(wait / 1000)));
        return sendConnectError(res, 429, "resource_exhausted",
          `too many status checks from your address; retry in ${Math.ceil(wait / 1000)} s`);
      }
      res.setHeader("cache-control", "no-store");
      return connect(req, res);
    }
    if (servicePrefixes.some((prefix) => path.startsWith(prefix))) {
      const session = await deps.sessions.fromRequest(req);
      if (!session) return sendConnectError(res, 401, "unauthenticated", "not signed in: go to /auth/login");
      sessionOf.set(req, session);
      res.setHeader("cache-control", "no-store");
      return connect(req, res);
    }
    if (isSafeMethod(req)) return files(req, res, path);
    sendConnectError(res, 405, "unimplemented", `${req.method} ${path} is not served`);
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: Error) => {
      // Our own failure (the session database, the provider): never the
      // client's fault, and never its details to the client.
      log("error", "request failed", { path: req.url?.split("?")[0], reason: err.name, message: err.message });
      if (!res.headersSent) sendConnectError(res, 503, "unavailable", "usulan-web could not serve the request; try again");
      else res.end();
    });
  };
}
