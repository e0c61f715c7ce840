// One JSON line per event on stderr, as usulan-server logs. Callers pass only
// what is safe to keep: never a token, a cookie, a password, a NIK or a name.
export function log(level: "info" | "warn" | "error", event: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
}
