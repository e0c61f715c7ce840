// The NDJSON framing usulan-web uses for client-streaming and bidi methods, which
// the Connect protocol cannot carry from a browser: one proto-JSON message per
// line, the server's messages back one per line, and a last line with the call's
// status. Pure (no I/O) so that it is tested on its own.
import { Code, ConnectError } from "@connectrpc/connect";
import { codeFromString } from "@connectrpc/connect/protocol-connect";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The request body: every message on its own line, each ended by "\n". */
export function encodeLines(messages: Iterable<Json>): string {
  let out = "";
  for (const m of messages) out += `${JSON.stringify(m)}\n`;
  return out;
}

/** One decoded line: a response message or the final status. */
export type Frame = { kind: "message"; value: Json } | { kind: "status"; error?: ConnectError };

function isStatusLine(v: Json): v is { status: { code: string; message?: string } } {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const s = v.status;
  return keys.length === 1 && keys[0] === "status" && typeof s === "object" && s !== null && !Array.isArray(s)
    && typeof s.code === "string";
}

function frameOf(line: string): Frame {
  let value: Json;
  try {
    value = JSON.parse(line) as Json;
  } catch {
    throw new ConnectError("the server's stream carried a line that is not JSON", Code.Internal);
  }
  if (!isStatusLine(value)) return { kind: "message", value };
  const { code, message } = value.status;
  if (code === "ok") return { kind: "status" };
  return { kind: "status", error: new ConnectError(message ?? code, codeFromString(code) ?? Code.Unknown) };
}

/**
 * Splits a response body, arriving in arbitrary chunks, into frames. Lines may be
 * cut anywhere (even inside a multi-byte character: feed bytes through a streaming
 * TextDecoder first). Blank lines and "\r\n" endings are tolerated.
 */
export class LineDecoder {
  private buffer = "";
  private ended = false;

  /** Frames completed by this chunk. */
  push(chunk: string): Frame[] {
    if (this.ended) throw new Error("LineDecoder: push after end");
    this.buffer += chunk;
    const frames: Frame[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, "");
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() !== "") frames.push(frameOf(line));
    }
    return frames;
  }

  /** The frame of a last line without "\n", if any. */
  end(): Frame[] {
    this.ended = true;
    const rest = this.buffer.trim();
    this.buffer = "";
    return rest === "" ? [] : [frameOf(rest)];
  }
}
