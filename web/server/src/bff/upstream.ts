// The link to usulan-server: gRPC over TLS (HTTP/2), trusting the CA of
// --server-ca-file, each call carrying the signed-in user's access token.
import { readFileSync } from "node:fs";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { Transport } from "@connectrpc/connect";

export function upstreamTransport(address: string, caFile: string, maxBytes: number): Transport {
  return createGrpcTransport({
    baseUrl: `https://${address}`,
    nodeOptions: { ca: readFileSync(caFile) },
    readMaxBytes: maxBytes,
    writeMaxBytes: maxBytes,
  });
}

export function bearer(accessToken: string): HeadersInit {
  return { authorization: `Bearer ${accessToken}` };
}
