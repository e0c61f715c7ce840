// Evidence documents (Berita Acara, by-name lists, house photos, letters, decrees):
// uploaded before the step that cites them, which then carries only the SHA-256
// the server answered. Upload goes through usulan-web's NDJSON endpoint for
// client-streamed methods; download is a Connect server-streaming call.
import { base64Decode, base64Encode } from "@bufbuild/protobuf/wire";
import { Code, ConnectError } from "@connectrpc/connect";
import { isSha256Hex } from "../domain/hex";
import { encodeEnvelope, EnvelopeDecoder } from "./envelope";
import { refusalOf, streamJson, type StreamOptions } from "./stream";

/** Bytes per chunk line: 64 KiB (about 87 KiB of base64 per line). */
export const chunkBytes = 64 * 1024;

export const acceptedMediaTypes = ["application/pdf", "image/jpeg", "image/png"] as const;

/** The lines of an upload: the metadata, then the content in chunks. */
export function uploadLines(requestId: string, mediaType: string, bytes: Uint8Array) {
  const lines: Array<Record<string, unknown>> = [
    { metadata: { requestId, mediaType, totalSize: String(bytes.length) } },
  ];
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    lines.push({ chunk: base64Encode(bytes.subarray(at, at + chunkBytes)) });
  }
  return lines;
}

/**
 * Uploads a PDF, JPEG or PNG and answers its SHA-256 (lowercase hex), as the
 * server computed it. The server checks the type by the bytes; the media type sent
 * is the browser's guess.
 */
export async function uploadDocument(file: File, opts: StreamOptions = {}): Promise<{ sha256: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const lines = uploadLines(crypto.randomUUID(), file.type || "application/octet-stream", bytes);
  let sha256: string | undefined;
  for await (const answer of streamJson("usulan.v1.DocumentService/UploadDocument", lines as never, opts)) {
    const h = (answer as { sha256?: unknown }).sha256;
    if (typeof h === "string") sha256 = h.toLowerCase();
  }
  if (!sha256 || !isSha256Hex(sha256)) throw new ConnectError("the upload answered no SHA-256", Code.Internal);
  return { sha256 };
}

/**
 * Downloads a document a proposal's history cites; the server answers it only to
 * a caller who may read that proposal. A server-streaming call, so Connect's
 * streaming protocol through usulan-web (POST /usulan.v1.DocumentService/
 * DownloadDocument, application/connect+json): the request {proposalId, sha256};
 * answered by DocumentChunks: the bytes in `data` (base64), the Document with its
 * `mediaType` on the first. The bytes are checked against the hash before they are shown.
 */
export async function downloadDocument(proposalId: string, sha256: string, fetchImpl: typeof fetch = fetch): Promise<Blob> {
  let res: Response;
  try {
    res = await fetchImpl("/usulan.v1.DocumentService/DownloadDocument", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/connect+json", "Connect-Protocol-Version": "1" },
      body: encodeEnvelope({ proposalId, sha256 }) as BodyInit,
    });
  } catch (e) {
    throw new ConnectError("the connection failed", Code.Unavailable, undefined, undefined, e);
  }
  if (!res.ok || !res.body) throw refusalOf(res.status, await res.text().catch(() => ""));
  const parts: Uint8Array[] = [];
  let mediaType = "application/octet-stream";
  const decoder = new EnvelopeDecoder();
  const reader = res.body.getReader();
  let ended = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const m of decoder.push(value)) {
      if (m.end) {
        ended = true;
        continue;
      }
      // usulan.v1.DocumentChunk: the Document (its media type) on the first, bytes in `data`.
      const a = m.json as { document?: { mediaType?: unknown }; data?: unknown };
      const type = a.document?.mediaType;
      if (typeof type === "string" && type) mediaType = type;
      if (typeof a.data === "string") parts.push(base64Decode(a.data));
    }
  }
  decoder.end();
  if (!ended) throw new ConnectError("the download ended without its end of stream", Code.Unavailable);
  const blob = new Blob(parts as BlobPart[], { type: mediaType });
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== sha256.toLowerCase()) throw new ConnectError("the document does not match its hash", Code.DataLoss);
  return blob;
}
