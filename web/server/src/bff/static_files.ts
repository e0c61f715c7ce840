// The built console (--console-dir): its files as they are, and index.html for
// any other GET path (the single-page app routes on the client). Paths never
// leave the directory.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export function staticFiles(dir: string) {
  const root = resolve(dir);
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const candidate = resolve(join(root, decoded));
    let file = candidate.startsWith(root + sep) && (await isFile(candidate)) ? candidate : null;
    // Unknown paths without an extension are the app's own routes.
    if (!file && extname(decoded) === "" && (await isFile(join(root, "index.html")))) file = join(root, "index.html");
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    // Vite names its bundles by content hash under assets/: cached for good.
    const immutable = file.startsWith(join(root, "assets") + sep);
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
