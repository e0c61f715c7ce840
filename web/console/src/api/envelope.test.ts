import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { encodeEnvelope, EnvelopeDecoder } from "./envelope";

function endStream(json: unknown): Uint8Array {
  const e = encodeEnvelope(json);
  e[0] = 0x02;
  return e;
}

describe("Connect envelopes", () => {
  it("frames a message with its length", () => {
    expect(Array.from(encodeEnvelope({ a: 1 }))).toEqual([0, 0, 0, 0, 7, ...new TextEncoder().encode('{"a":1}')]);
  });

  it("reassembles messages cut anywhere, then the end of the stream", () => {
    const body = new Uint8Array([...encodeEnvelope({ chunk: "AAE=" }), ...encodeEnvelope({ chunk: "AgM=" }), ...endStream({})]);
    for (const size of [1, 3, 8, body.length]) {
      const d = new EnvelopeDecoder();
      const got: unknown[] = [];
      for (let at = 0; at < body.length; at += size) got.push(...d.push(body.subarray(at, at + size)));
      d.end();
      expect(got).toEqual([{ end: false, json: { chunk: "AAE=" } }, { end: false, json: { chunk: "AgM=" } }, { end: true, json: {} }]);
    }
  });

  it("throws the end-of-stream error with its code", () => {
    expect(() => new EnvelopeDecoder().push(endStream({ error: { code: "permission_denied", message: "not your proposal" } })))
      .toThrow(expect.objectContaining({ code: Code.PermissionDenied }));
  });

  it("reports a body cut inside a message", () => {
    const d = new EnvelopeDecoder();
    d.push(encodeEnvelope({ chunk: "AAE=" }).subarray(0, 6));
    expect(() => d.end()).toThrow(expect.objectContaining({ code: Code.Unavailable }));
  });
});
