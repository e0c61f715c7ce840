// usulan-web's forwarding of the public status check, through createApp over
// plain HTTP with a recording transport in place of usulan-server: the one
// header sent upstream is the browser's address as usulan-web's socket sees
// it, whatever address headers the browser's request carried (a browser must
// never name its own bucket at the server: docs/limits.md).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, request, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, type DescMethodUnary } from "@bufbuild/protobuf";
import type { Transport, UnaryResponse } from "@connectrpc/connect";
import { createApp } from "../bff/app.js";
import { loadServices } from "../bff/descriptors.js";
import { CLIENT_ADDRESS_HEADER, ClientLimiter, PUBLIC_METHOD_PATH } from "../bff/public_status.js";
import type { OidcClient } from "../bff/oidc.js";
import type { Sealer } from "../bff/sealer.js";
import type { SessionAccess } from "../bff/session_access.js";

const ORIGIN = "https://console.invalid";
const sent: Headers[] = [];
let server: Server;
let port = 0;
const consoleDir = mkdtempSync(join(tmpdir(), "usulan-web-unit-"));

// Records each upstream call's headers and answers an empty CheckStatusResponse.
const recording = {
  async unary(method: DescMethodUnary, _signal: unknown, _timeout: unknown, header: HeadersInit | undefined) {
    sent.push(new Headers(header));
    return {
      stream: false,
      service: method.parent,
      method,
      header: new Headers(),
      trailer: new Headers(),
      message: create(method.output),
    } as unknown as UnaryResponse;
  },
  async stream() {
    throw new Error("no stream expected");
  },
} as unknown as Transport;

before(async () => {
  const services = loadServices(fileURLToPath(new URL("../usulan.binpb", import.meta.url)));
  const app = createApp({
    oidc: { issuerOrigin: "https://idp.invalid" } as unknown as OidcClient,
    sessions: {} as SessionAccess,
    sealer: {} as Sealer,
    publicOrigin: ORIGIN,
    services,
    transport: recording,
    consoleDir,
    maxRequestBytes: 1 << 20,
    maxStreamBytes: 1 << 20,
    publicStatusLimiter: new ClientLimiter(1000, 1000),
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

after(() => {
  server.close();
  rmSync(consoleDir, { recursive: true, force: true });
});

// A browser's check, with `extra` headers of the browser's choosing.
function check(extra: Record<string, string>): Promise<number> {
  const body = JSON.stringify({ provinceCode: "32", kabupatenCode: "3201", kecamatanCode: "320101", desaCode: "3201012001", fullName: "Siti Aminah" });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: PUBLIC_METHOD_PATH, method: "POST",
        headers: { "content-type": "application/json", "connect-protocol-version": "1", origin: ORIGIN, ...extra } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("the public status check carries the browser's socket address, never a header the browser sent", async () => {
  sent.length = 0;
  assert.equal(await check({}), 200);
  assert.equal(await check({ [CLIENT_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "203.0.113.67" }), 200);
  assert.equal(await check({ [CLIENT_ADDRESS_HEADER]: "not an address", authorization: "Bearer forged" }), 200);
  assert.equal(sent.length, 3);
  for (const [i, headers] of sent.entries()) {
    assert.equal(headers.get(CLIENT_ADDRESS_HEADER), "127.0.0.1", `call ${i}`);
    // Nothing else of the browser's request goes upstream: no token, no other address.
    const names: string[] = [];
    headers.forEach((_value, name) => names.push(name));
    assert.deepEqual(names, [CLIENT_ADDRESS_HEADER], `call ${i}`);
  }
});
