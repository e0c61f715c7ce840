// Client-streaming and bidi calls through usulan-web's NDJSON endpoint
// (POST /stream/<service>/<method>, Content-Type application/x-ndjson). Everything
// that knows this contract lives here so that it is adjusted in one place.
import { create, fromJson, toJson, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { codeFromString } from "@connectrpc/connect/protocol-connect";
import { CreateProposalRequestSchema, ImportProposalsRequestSchema, ImportRowResultSchema, type ImportRowResult } from "../gen/usulan/v1/proposal_service_pb";
import { encodeLines, LineDecoder, type Frame, type Json } from "./ndjson";
import { goToLogin } from "./session";

export interface StreamOptions {
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * A refusal before the call started: usulan-web answers it with the same status
 * line (NDJSON) or a Connect error object ({"code","message"}); anything else
 * (a proxy's HTML page) is mapped from the HTTP status.
 */
export function refusalOf(status: number, body: string): ConnectError {
  const last = body.trim().split("\n").pop() ?? "";
  try {
    const frames = new LineDecoder().push(`${last}\n`);
    const f = frames[0];
    if (f?.kind === "status" && f.error) return f.error;
    if (f?.kind === "message" && typeof f.value === "object" && f.value !== null && !Array.isArray(f.value)) {
      const { code, message } = f.value as { code?: unknown; message?: unknown };
      const known = typeof code === "string" ? codeFromString(code) : undefined;
      if (known !== undefined) return new ConnectError(typeof message === "string" ? message : code as string, known);
    }
  } catch {
    // not JSON: fall through to the HTTP status
  }
  return httpError(status);
}

/** HTTP failures without a readable answer, mapped to the Connect codes they mean. */
function httpError(status: number): ConnectError {
  const code =
    status === 400 ? Code.InvalidArgument
    : status === 401 ? Code.Unauthenticated
    : status === 403 ? Code.PermissionDenied
    : status === 404 ? Code.Unimplemented
    : status === 413 ? Code.ResourceExhausted
    : status === 429 ? Code.ResourceExhausted
    : status >= 500 ? Code.Unavailable
    : Code.Unknown;
  return new ConnectError(`HTTP ${status}`, code);
}

/**
 * Sends `lines` to `/stream/<method>` and yields each response message as JSON.
 * Ends normally only after an ok status line; throws the ConnectError of a
 * non-ok status, and Code.Unavailable when the body ends without any status (the
 * connection dropped: safe to retry with the same request id).
 */
export async function* streamJson(method: string, lines: Iterable<Json>, opts: StreamOptions = {}): AsyncGenerator<Json> {
  const fetchImpl = opts.fetchImpl ?? globalThis.fetch;
  let res: Response;
  try {
    res = await fetchImpl(`/stream/${method}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-ndjson", Accept: "application/x-ndjson" },
      body: encodeLines(lines),
      signal: opts.signal,
    });
  } catch (e) {
    throw new ConnectError("the connection failed", Code.Unavailable, undefined, undefined, e);
  }
  if (!res.ok || !res.body) {
    if (res.status === 401) goToLogin();
    throw refusalOf(res.status, await res.text().catch(() => ""));
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const decoder = new LineDecoder();
  let status: Frame | undefined;
  const take = function* (frames: Frame[]): Generator<Json> {
    for (const f of frames) {
      if (status) throw new ConnectError("the server's stream went on after its status", Code.Internal);
      if (f.kind === "status") status = f;
      else yield f.value;
    }
  };
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw new ConnectError("the connection dropped", Code.Unavailable, undefined, undefined, e);
    }
    if (chunk.done) break;
    yield* take(decoder.push(chunk.value));
  }
  yield* take(decoder.end());
  if (!status || status.kind !== "status") throw new ConnectError("the stream ended without a status", Code.Unavailable);
  if (status.error) {
    if (status.error.code === Code.Unauthenticated) goToLogin();
    throw status.error;
  }
}

/** streamJson with generated message types on both sides (proto JSON). */
export async function* streamMessages<I extends DescMessage, O extends DescMessage>(
  method: string,
  input: I,
  requests: Iterable<MessageInitShape<I>>,
  output: O,
  opts: StreamOptions = {},
): AsyncGenerator<MessageShape<O>> {
  const lines = Array.from(requests, (r) => toJson(input, create(input, r)) as Json);
  for await (const line of streamJson(method, lines, opts)) {
    yield fromJson(output, line as never, { ignoreUnknownFields: true });
  }
}

/**
 * ImportProposals: each row becomes one message under the import's request id;
 * yields every row's result as the server commits it. Repeating the call with the
 * same request id and rows answers the rows already accepted as replayed.
 */
export function importProposals(
  requestId: string,
  rows: ReadonlyArray<{ rowNumber: bigint; proposal: MessageInitShape<typeof CreateProposalRequestSchema> }>,
  opts: StreamOptions = {},
): AsyncGenerator<ImportRowResult> {
  const requests = rows.map((r) => ({ requestId, rowNumber: r.rowNumber, proposal: { ...r.proposal, requestId: "" } }));
  return streamMessages("usulan.v1.ProposalService/ImportProposals", ImportProposalsRequestSchema, requests, ImportRowResultSchema, opts);
}
