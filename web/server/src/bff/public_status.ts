// The one usulan.v1 method usulan-web forwards without a session:
// PublicStatusService.CheckStatus, the public status check (docs/public-status.md).
// The server serves it without a token; usulan-web adds its own limit per
// browser address first, and names the browser's address to the server in
// CLIENT_ADDRESS_HEADER: every browser's check reaches the server from
// usulan-web's one address, and a server that lists usulan-web in
// --trusted-proxies counts each browser in a bucket of its own.
import type { IncomingMessage } from "node:http";

export const PUBLIC_METHOD_PATH = "/usulan.v1.PublicStatusService/CheckStatus";

// The metadata usulan-server reads from a trusted proxy (services/peer_key.h).
export const CLIENT_ADDRESS_HEADER = "x-usulan-client-address";

// The browser's address as this process sees it (its TCP peer; an IPv6 zone
// dropped), "" when the socket is already gone. Never a header the browser
// sent: anything the browser says about itself is ignored.
export function browserAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "").split("%")[0]!;
}

// The upstream headers of a forwarded check: the browser's address, set here,
// whatever the browser's own request carried; none when it is unknown (the
// server then counts the call as usulan-web's own).
export function forwardedFor(address: string): Record<string, string> {
  return address ? { [CLIENT_ADDRESS_HEADER]: address } : {};
}

export function isPublicMethod(serviceTypeName: string, methodName: string): boolean {
  return `/${serviceTypeName}/${methodName}` === PUBLIC_METHOD_PATH;
}

// A token bucket per key: `burst` at once, then `perMinute` a minute. At most
// `maxKeys` buckets are kept; when full, refilled buckets go first, then the
// oldest. `now` is injectable for tests.
export class ClientLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly maxKeys = 10000,
    private readonly now: () => number = Date.now,
  ) {}

  // undefined when a token was taken; otherwise the milliseconds until the next.
  take(key: string): number | undefined {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.makeRoom(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = this.refilled(bucket, now);
    bucket.at = now;
    if (bucket.tokens < 1) return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60000) / this.perMinute));
    bucket.tokens -= 1;
    return undefined;
  }

  private refilled(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.burst, bucket.tokens + (Math.max(0, now - bucket.at) * this.perMinute) / 60000);
  }

  private makeRoom(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.burst) this.buckets.delete(key);
    }
    while (this.buckets.size >= this.maxKeys) {
      let oldest: string | undefined;
      let at = Infinity;
      for (const [key, bucket] of this.buckets) {
        if (bucket.at < at) [oldest, at] = [key, bucket.at];
      }
      this.buckets.delete(oldest!);
    }
  }
}
