// Client-streaming and bidi methods for browsers, generically:
//   POST /stream/<package.Service>/<Method>, Content-Type application/x-ndjson,
//   one request message per line in proto JSON;
//   answer application/x-ndjson: one response message per line, then a final
//   line {"status":{"code":"ok"}} or {"status":{"code":"<connect code>","message":"..."}}.
// The request is streamed to usulan-server as it arrives, up to
// --max-stream-bytes in all (docs/console.md, "usulan-web").
import type { IncomingMessage, ServerResponse } from "node:http";
import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import { codeToString } from "@connectrpc/connect/protocol-connect";
import { fromJson, toJson, type DescMethod, type JsonValue, type Registry } from "@bufbuild/protobuf";
import { bearer } from "./upstream.js";

export interface StreamDeps {
  methods: Map<string, DescMethod>;
  registry: Registry;
  transport: Transport;
  maxBytes: number;
}

function statusLine(err: ConnectError | null): string {
  const status = err ? { code: codeToString(err.code), message: err.rawMessage } : { code: "ok" };
  return `${JSON.stringify({ status })}\n`;
}

export function refuseStream(res: ServerResponse, httpStatus: number, code: Code, message: string): void {
  res.writeHead(httpStatus, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
  res.end(statusLine(new ConnectError(message, code)));
}

// The request body as messages, one per non-empty line. Throws ConnectError
// INVALID_ARGUMENT naming the line for one that is not the method's input in
// proto JSON, RESOURCE_EXHAUSTED past the size limit.
async function* requestMessages(req: IncomingMessage, method: DescMethod, deps: StreamDeps) {
  let pending = "";
  let total = 0;
  let line = 0;
  const parse = (text: string) => {
    line++;
    if (text.trim() === "") return null;
    try {
      return fromJson(method.input, JSON.parse(text) as JsonValue, { registry: deps.registry });
    } catch (err) {
      throw new ConnectError(`line ${line}: not a ${method.input.typeName} in proto JSON: ${(err as Error).message}`, Code.InvalidArgument);
    }
  };
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > deps.maxBytes) throw new ConnectError(`request larger than ${deps.maxBytes} bytes`, Code.ResourceExhausted);
    pending += (chunk as Buffer).toString("utf8");
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const message = parse(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      if (message) yield message;
    }
  }
  const last = parse(pending);
  if (last) yield last;
}

export async function serveStream(req: IncomingMessage, res: ServerResponse, name: string, accessToken: string, deps: StreamDeps): Promise<void> {
  const method = deps.methods.get(name);
  if (!method) return refuseStream(res, 404, Code.NotFound, `no method ${name}`);
  if (method.methodKind !== "client_streaming" && method.methodKind !== "bidi_streaming") {
    return refuseStream(res, 404, Code.NotFound, `${name} is not client-streaming: call it with Connect at /${name}`);
  }
  if (!String(req.headers["content-type"] ?? "").startsWith("application/x-ndjson")) {
    return refuseStream(res, 415, Code.InvalidArgument, "Content-Type must be application/x-ndjson");
  }
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  let inputError: ConnectError | null = null;
  const input = (async function* () {
    try {
      yield* requestMessages(req, method, deps);
    } catch (err) {
      inputError = err as ConnectError;
      abort.abort();
      throw err;
    }
  })();
  res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
  let failure: ConnectError | null = null;
  try {
    const answer = await deps.transport.stream(method as never, abort.signal, undefined, bearer(accessToken), input as never);
    for await (const message of answer.message) {
      res.write(`${JSON.stringify(toJson(method.output, message as never, { registry: deps.registry }))}\n`);
    }
  } catch (err) {
    failure = ConnectError.from(err);
  }
  // A refusal of the request's own making is reported as such, not as the
  // cancellation it caused upstream.
  res.end(statusLine(inputError ?? failure));
}
