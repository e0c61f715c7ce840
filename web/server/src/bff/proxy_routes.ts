// Every unary and server-streaming usulan.v1 method on a Connect router (the
// browser's side: Connect protocol, JSON or binary), each forwarded as is to
// usulan-server with the session's access token. The server's status code,
// message and details come back unchanged: the ConnectError the transport
// throws is rethrown, and the router writes it to the browser as it is.
// Client-streaming and bidi methods cannot be called by a browser over
// Connect; ndjson_stream.ts serves them.
import { createContextKey, type ConnectRouter, type HandlerContext, type Transport } from "@connectrpc/connect";
import type { DescMethod, DescMethodServerStreaming, DescMethodUnary } from "@bufbuild/protobuf";
import type { Session } from "./session_store.js";
import { bearer } from "./upstream.js";

// Set by app.ts for each request, after the session was looked up (a request
// without one never reaches the router).
export const SESSION = createContextKey<Session | null>(null);

function tokenOf(ctx: HandlerContext): string {
  const session = ctx.values.get(SESSION);
  if (!session) throw new Error("proxy reached without a session"); // app.ts checks first
  return session.data.accessToken;
}

async function* once<T>(value: T): AsyncIterable<T> {
  yield value;
}

export function routeMethod(router: ConnectRouter, method: DescMethod, transport: Transport): boolean {
  if (method.methodKind === "unary") {
    const unary = method as DescMethodUnary; // DescMethod is not a discriminated union
    router.rpc(method, (async (req: never, ctx: HandlerContext) => {
      const answer = await transport.unary(unary, ctx.signal, ctx.timeoutMs(), bearer(tokenOf(ctx)), req);
      return answer.message;
    }) as never);
    return true;
  }
  if (method.methodKind === "server_streaming") {
    const streaming = method as DescMethodServerStreaming;
    router.rpc(method, async function* (req: never, ctx: HandlerContext) {
      const answer = await transport.stream(streaming, ctx.signal, ctx.timeoutMs(), bearer(tokenOf(ctx)), once(req));
      yield* answer.message;
    } as never);
    return true;
  }
  return false;
}
