// Every unary and server-streaming usulan.v1 method on a Connect router (the
// browser's side: Connect protocol, JSON or binary), each forwarded as is to
// usulan-server with the session's access token. The server's status code,
// message and details come back unchanged: the ConnectError the transport
// throws is rethrown without its metadata (see withoutUpstreamMetadata), and
// the router writes it to the browser.
// Client-streaming and bidi methods cannot be called by a browser over
// Connect; ndjson_stream.ts serves them.
import { ConnectError, createContextKey, type ConnectRouter, type HandlerContext, type Transport } from "@connectrpc/connect";
import type { DescMethod, DescMethodServerStreaming, DescMethodUnary } from "@bufbuild/protobuf";
import type { Session } from "./session_store.js";
import { forwardedFor, isPublicMethod } from "./public_status.js";
import { bearer } from "./upstream.js";

// Set by app.ts for each request, after the session was looked up (a request
// without one never reaches the router).
export const SESSION = createContextKey<Session | null>(null);
// Set by app.ts for each request: the browser's address (public_status.ts).
export const BROWSER_ADDRESS = createContextKey<string>("");

// The only headers sent upstream, built here: no header of the browser's
// request is forwarded. The session's token; for the public status check,
// which is forwarded without one (public_status.ts) even when a session
// exists, the browser's address instead.
export function headersFor(method: DescMethod, ctx: HandlerContext): HeadersInit {
  if (isPublicMethod(method.parent.typeName, method.name)) return forwardedFor(ctx.values.get(BROWSER_ADDRESS));
  return bearer(tokenOf(ctx));
}

function tokenOf(ctx: HandlerContext): string {
  const session = ctx.values.get(SESSION);
  if (!session) throw new Error("proxy reached without a session"); // app.ts checks first
  return session.data.accessToken;
}

// The upstream error's metadata holds the gRPC response headers
// (content-type: application/grpc, grpc-status, grpc-message); the router
// would copy them onto its Connect JSON error, and a browser reading that
// content type cannot parse the body: it then reports only the HTTP status
// ("HTTP 409 (Unknown)" for ABORTED, "HTTP 400 (Internal)" for
// INVALID_ARGUMENT). Code, message and details are all the browser needs.
export function withoutUpstreamMetadata(e: unknown): unknown {
  if (!(e instanceof ConnectError)) return e;
  const plain = new ConnectError(e.rawMessage, e.code, undefined, undefined, e.cause);
  plain.details = e.details;
  return plain;
}

async function* once<T>(value: T): AsyncIterable<T> {
  yield value;
}

export function routeMethod(router: ConnectRouter, method: DescMethod, transport: Transport): boolean {
  if (method.methodKind === "unary") {
    const unary = method as DescMethodUnary; // DescMethod is not a discriminated union
    router.rpc(method, (async (req: never, ctx: HandlerContext) => {
      try {
        const answer = await transport.unary(unary, ctx.signal, ctx.timeoutMs(), headersFor(method, ctx), req);
        return answer.message;
      } catch (e) {
        throw withoutUpstreamMetadata(e);
      }
    }) as never);
    return true;
  }
  if (method.methodKind === "server_streaming") {
    const streaming = method as DescMethodServerStreaming;
    router.rpc(method, async function* (req: never, ctx: HandlerContext) {
      try {
        const answer = await transport.stream(streaming, ctx.signal, ctx.timeoutMs(), bearer(tokenOf(ctx)), once(req));
        yield* answer.message;
      } catch (e) {
        throw withoutUpstreamMetadata(e);
      }
    } as never);
    return true;
  }
  return false;
}
