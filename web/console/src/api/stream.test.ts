import { base64Decode } from "@bufbuild/protobuf/wire";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { ProposalKind } from "../gen/usulan/v1/common_pb";
import { uploadLines, uploadDocument, chunkBytes } from "./documents";
import { importProposals, streamJson } from "./stream";

/** A fetch that records the request and answers `chunks` as a streamed body. */
function fakeFetch(chunks: string[], status = 200) {
  const sent: Array<{ url: string; init: RequestInit }> = [];
  const impl = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(enc.encode(ch));
        c.close();
      },
    });
    return new Response(body, { status });
  }) as unknown as typeof fetch;
  return { impl, sent };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("streamJson", () => {
  it("posts NDJSON and yields each answer until the ok status", async () => {
    const f = fakeFetch(['{"x":1}\n{"x"', ':2}\n{"status":{"code":"ok"}}\n']);
    const got = await collect(streamJson("usulan.v1.S/M", [{ a: 1 }, { a: 2 }], { fetchImpl: f.impl }));
    expect(got).toEqual([{ x: 1 }, { x: 2 }]);
    expect(f.sent[0].url).toBe("/stream/usulan.v1.S/M");
    expect(f.sent[0].init.body).toBe('{"a":1}\n{"a":2}\n');
    expect(f.sent[0].init.credentials).toBe("same-origin");
    expect((f.sent[0].init.headers as Record<string, string>)["Content-Type"]).toBe("application/x-ndjson");
  });

  it("throws the status error after the messages before it", async () => {
    const f = fakeFetch(['{"x":1}\n{"status":{"code":"resource_exhausted","message":"slow down"}}\n']);
    const got: unknown[] = [];
    await expect(async () => { for await (const m of streamJson("m", [], { fetchImpl: f.impl })) got.push(m); })
      .rejects.toMatchObject({ code: Code.ResourceExhausted });
    expect(got).toEqual([{ x: 1 }]);
  });

  it("reads a body cut before the status as a dropped connection (retryable)", async () => {
    const f = fakeFetch(['{"x":1}\n']);
    await expect(collect(streamJson("m", [], { fetchImpl: f.impl }))).rejects.toMatchObject({ code: Code.Unavailable });
  });

  it("maps an HTTP refusal before any line", async () => {
    const f = fakeFetch([], 413);
    await expect(collect(streamJson("m", [], { fetchImpl: f.impl }))).rejects.toMatchObject({ code: Code.ResourceExhausted });
  });
});

describe("importProposals", () => {
  it("sends every row under the import's request id in proto JSON and parses the results", async () => {
    const f = fakeFetch([
      '{"rowNumber":"1","proposalId":"p-1"}\n{"rowNumber":"2","code":3,"message":"household.kk_number must be 16 digits"}\n',
      '{"status":{"code":"ok"}}\n',
    ]);
    const rows = [1n, 2n].map((n) => ({ rowNumber: n, proposal: { requestId: "ignored", kind: ProposalKind.NEW } }));
    const results = await collect(importProposals("imp-1", rows, { fetchImpl: f.impl }));
    const lines = String(f.sent[0].init.body).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { requestId: "imp-1", rowNumber: "1", proposal: { kind: "PROPOSAL_KIND_NEW" } },
      { requestId: "imp-1", rowNumber: "2", proposal: { kind: "PROPOSAL_KIND_NEW" } },
    ]);
    expect(results.map((r) => [r.rowNumber, r.code, r.proposalId])).toEqual([[1n, 0, "p-1"], [2n, 3, ""]]);
  });
});

describe("documents", () => {
  it("sends the metadata, then the bytes in base64 chunks", () => {
    const bytes = new Uint8Array(chunkBytes * 2 + 3).map((_, i) => i % 251);
    const lines = uploadLines("u-1", "application/pdf", bytes);
    expect(lines[0]).toEqual({ metadata: { requestId: "u-1", mediaType: "application/pdf", totalSize: String(bytes.length) } });
    expect(lines).toHaveLength(4);
    const back = lines.slice(1).flatMap((l) => Array.from(base64Decode(String(l.chunk))));
    expect(back).toEqual(Array.from(bytes));
  });

  it("answers the hash the server computed", async () => {
    const hash = "ab".repeat(32);
    const f = fakeFetch([`{"sha256":"${hash.toUpperCase()}","size":"3","mediaType":"application/pdf"}\n{"status":{"code":"ok"}}\n`]);
    const file = new File([new Uint8Array([37, 80, 68])], "ba.pdf", { type: "application/pdf" });
    await expect(uploadDocument(file, { fetchImpl: f.impl })).resolves.toEqual({ sha256: hash });
    expect(f.sent[0].url).toBe("/stream/usulan.v1.DocumentService/UploadDocument");
  });
});

describe("refusalOf", () => {
  it("reads usulan-web's answers to a refused stream, else the HTTP status", async () => {
    const { refusalOf } = await import("./stream");
    expect(refusalOf(404, '{"status":{"code":"not_found","message":"no such method"}}\n')).toMatchObject({ code: Code.NotFound, rawMessage: "no such method" });
    expect(refusalOf(403, '{"code":"permission_denied","message":"foreign Origin"}')).toMatchObject({ code: Code.PermissionDenied });
    expect(refusalOf(502, "<html>Bad Gateway</html>")).toMatchObject({ code: Code.Unavailable });
    expect(refusalOf(415, "")).toMatchObject({ code: Code.Unknown });
  });
});

describe("downloadDocument", () => {
  it("reassembles the streamed bytes and checks them against the hash", async () => {
    const { downloadDocument } = await import("./documents");
    const { encodeEnvelope } = await import("./envelope");
    const bytes = new TextEncoder().encode("%PDF-1.4 berita acara");
    const hash = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
    const end = encodeEnvelope({});
    end[0] = 2;
    const body = (chunks: Uint8Array[]) => new Uint8Array(chunks.flatMap((c) => Array.from(c)));
    const answer = body([
      encodeEnvelope({ document: { mediaType: "application/pdf" }, data: btoa("%PDF-1.4 ") }),
      encodeEnvelope({ data: btoa("berita acara") }),
      end,
    ]);
    const sent: RequestInit[] = [];
    const fetchImpl = (async (_u: string, init: RequestInit) => { sent.push(init); return new Response(answer); }) as unknown as typeof fetch;
    const blob = await downloadDocument("p-1", hash, fetchImpl);
    expect(blob.type).toBe("application/pdf");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
    expect((sent[0].headers as Record<string, string>)["Content-Type"]).toBe("application/connect+json");
    await expect(downloadDocument("p-1", "0".repeat(64), fetchImpl)).rejects.toMatchObject({ code: Code.DataLoss });
  });
});
