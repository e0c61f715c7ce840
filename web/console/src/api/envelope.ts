// The Connect protocol's streaming framing (connectrpc.com/docs/protocol): each
// message is an envelope of one flag byte, a 4-byte big-endian length and the
// payload; flag 0x02 marks the end-of-stream message ({"error"?: {code, message}}).
// Used for a server-streaming call whose types are not generated here (the
// document download); typed calls go through @connectrpc/connect-web.
import { Code, ConnectError } from "@connectrpc/connect";
import { codeFromString } from "@connectrpc/connect/protocol-connect";

const endStreamFlag = 0x02;

export function encodeEnvelope(json: unknown): Uint8Array {
  const payload = new TextEncoder().encode(JSON.stringify(json));
  const out = new Uint8Array(5 + payload.length);
  new DataView(out.buffer).setUint32(1, payload.length);
  out.set(payload, 5);
  return out;
}

/** Reassembles envelopes from arbitrary chunks; end() checks nothing is left over. */
export class EnvelopeDecoder {
  private buffer = new Uint8Array(0);

  /** The complete messages of this chunk, in order; an end-stream error is thrown. */
  push(chunk: Uint8Array): Array<{ end: boolean; json: unknown }> {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const out: Array<{ end: boolean; json: unknown }> = [];
    let at = 0;
    while (joined.length - at >= 5) {
      const length = new DataView(joined.buffer, joined.byteOffset + at + 1, 4).getUint32(0);
      if (joined.length - at - 5 < length) break;
      const flags = joined[at];
      const json: unknown = JSON.parse(new TextDecoder().decode(joined.subarray(at + 5, at + 5 + length)));
      at += 5 + length;
      const end = (flags & endStreamFlag) !== 0;
      if (end) {
        const error = (json as { error?: { code?: string; message?: string } }).error;
        if (error) throw new ConnectError(error.message ?? "", codeFromString(error.code ?? "") ?? Code.Unknown);
      }
      out.push({ end, json });
    }
    this.buffer = joined.slice(at);
    return out;
  }

  end(): void {
    if (this.buffer.length > 0) throw new ConnectError("the stream ended inside a message", Code.Unavailable);
  }
}
