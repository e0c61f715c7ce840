import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { encodeLines, LineDecoder, type Frame } from "./ndjson";

describe("encodeLines", () => {
  it("writes one JSON message per line", () => {
    expect(encodeLines([{ a: 1 }, { b: "x\ny" }])).toBe('{"a":1}\n{"b":"x\\ny"}\n');
    expect(encodeLines([])).toBe("");
  });
});

describe("LineDecoder", () => {
  const body = '{"rowNumber":"1","code":0}\n{"rowNumber":"2","code":3,"message":"household.kk_number must be 16 digits"}\n{"status":{"code":"ok"}}\n';

  it("gives the same frames however the body is cut", () => {
    const whole = new LineDecoder().push(body);
    for (let size = 1; size <= body.length; size += 7) {
      const d = new LineDecoder();
      const frames: Frame[] = [];
      for (let at = 0; at < body.length; at += size) frames.push(...d.push(body.slice(at, at + size)));
      frames.push(...d.end());
      expect(frames).toEqual(whole);
    }
    expect(whole.map((f) => f.kind)).toEqual(["message", "message", "status"]);
    expect(whole[2]).toEqual({ kind: "status" });
  });

  it("reads a non-ok status as the ConnectError of its code", () => {
    const [f] = new LineDecoder().push('{"status":{"code":"permission_denied","message":"outside your region"}}\n');
    expect(f.kind).toBe("status");
    const err = (f as { error: ConnectError }).error;
    expect(err.code).toBe(Code.PermissionDenied);
    expect(err.rawMessage).toBe("outside your region");
  });

  it("does not take a message with a status field for the status line", () => {
    const [f] = new LineDecoder().push('{"status":"SEALED","batchId":"b"}\n');
    expect(f.kind).toBe("message");
  });

  it("tolerates CRLF, blank lines and a last line without newline", () => {
    const d = new LineDecoder();
    expect(d.push('{"a":1}\r\n\n')).toEqual([{ kind: "message", value: { a: 1 } }]);
    expect(d.push('{"status":{"code":"ok"}}')).toEqual([]);
    expect(d.end()).toEqual([{ kind: "status" }]);
  });

  it("refuses a line that is not JSON", () => {
    expect(() => new LineDecoder().push("<html>\n")).toThrow(ConnectError);
  });
});
