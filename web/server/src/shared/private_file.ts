// Secrets (signing keys, client secrets, the session key) are read only from
// files no one else may read, as usulan-server does (docs/tls.md): a key left
// world-readable is refused at start rather than discovered later.
import { readFileSync, statSync } from "node:fs";

export function readPrivateFile(path: string, what: string): string {
  const mode = statSync(path).mode & 0o077;
  if (mode !== 0) {
    throw new Error(`${what} ${path} must not be readable by group or others (chmod 600)`);
  }
  return readFileSync(path, "utf8");
}
