// Headers every usulan-web response carries, and the CSRF rule: a request
// that may change something (anything but GET and HEAD) must name this
// origin in Origin. Browsers always send Origin on such requests, so a page of
// another site can never pass; together with the SameSite=Strict session
// cookie and Connect's required Connect-Protocol-Version header (a custom
// header, so a cross-site form cannot send it) that is three independent locks.
import type { IncomingMessage, ServerResponse } from "node:http";

export function setSecurityHeaders(res: ServerResponse, idpOrigin: string): void {
  res.setHeader(
    "content-security-policy",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
      `frame-ancestors 'none'; base-uri 'none'; form-action 'self' ${idpOrigin}`,
  );
  res.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("cross-origin-opener-policy", "same-origin");
}

export function isSafeMethod(req: IncomingMessage): boolean {
  return req.method === "GET" || req.method === "HEAD";
}

export function hasOwnOrigin(req: IncomingMessage, publicOrigin: string): boolean {
  return req.headers.origin === publicOrigin;
}

// A Connect error body (https://connectrpc.com/docs/protocol/#error-end-stream):
// what the console gets for refusals made here, before any call is forwarded.
export function sendConnectError(res: ServerResponse, httpStatus: number, code: string, message: string): void {
  res.writeHead(httpStatus, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ code, message }));
}
