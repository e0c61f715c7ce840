import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Attempt, isTransient, SendQueue, type QueueEnv } from "./sendQueue";

/** A clock, timers and an `online` event the test drives by hand. */
function fakeEnv() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  const online: Array<() => void> = [];
  const env: QueueEnv = {
    setTimer: (fn, ms) => {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      (h as { live: boolean }).live = false;
    },
    onOnline: (fn) => {
      online.push(fn);
      return () => online.splice(online.indexOf(fn), 1);
    },
    now: () => now,
  };
  return {
    env,
    async advance(ms: number) {
      now += ms;
      for (const t of timers) if (t.live && t.at <= now) { t.live = false; t.fn(); }
      await flush();
    },
    async goOnline() {
      for (const fn of [...online]) fn();
      await flush();
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const offline = () => new ConnectError("Failed to fetch", Code.Unknown, undefined, undefined, new TypeError("Failed to fetch"));

/**
 * Every storage a browser offers, replaced by traps that record any touch: the
 * queue holds NIKs and names, which must stay in the page's memory only.
 */
function trapStorage() {
  const touched: string[] = [];
  const trap = (name: string) =>
    new Proxy({}, { get: (_t, p) => { touched.push(`${name}.${String(p)}`); return () => undefined; } });
  const g = globalThis as Record<string, unknown>;
  const saved = ["localStorage", "sessionStorage", "indexedDB", "document", "caches"].map((k) => [k, g[k]] as const);
  g.localStorage = trap("localStorage");
  g.sessionStorage = trap("sessionStorage");
  g.indexedDB = trap("indexedDB");
  g.caches = trap("caches");
  g.document = {
    get cookie() { touched.push("document.cookie(read)"); return ""; },
    set cookie(_v: string) { touched.push("document.cookie(write)"); },
  };
  return {
    touched,
    restore() { for (const [k, v] of saved) g[k] = v; },
  };
}

describe("SendQueue", () => {
  let storage: ReturnType<typeof trapStorage>;
  beforeEach(() => { storage = trapStorage(); });
  afterEach(() => storage.restore());

  it("keeps a household through a dropped connection and resends it with the same request id", async () => {
    const clock = fakeEnv();
    const queue = new SendQueue(clock.env, 1000, 8000);
    const seen: string[] = [];
    let up = false;
    const household = { kkNumber: "3201010101200001", members: [{ nik: "3201011508850001", name: "Budi" }] };
    const done = queue.submit("req-42", "Rumah tangga baru", async (requestId) => {
      seen.push(requestId);
      if (!up) throw offline();
      return { proposalId: "p-1", household };
    });
    await flush();
    expect(queue.pending()).toMatchObject([{ requestId: "req-42", attempts: 1, nextRetryAt: 1000 }]);

    await clock.advance(1000); // the backoff retry, still offline
    expect(queue.pending()[0]).toMatchObject({ attempts: 2, nextRetryAt: 3000 }); // doubled

    up = true;
    await clock.goOnline(); // the browser's `online` event sends at once
    await expect(done).resolves.toMatchObject({ proposalId: "p-1" });
    expect(seen).toEqual(["req-42", "req-42", "req-42"]);
    expect(queue.pending()).toEqual([]);
    await clock.advance(60_000); // the cancelled timer never sends a fourth time
    expect(seen).toHaveLength(3);
    expect(storage.touched).toEqual([]);
  });

  it("caps the backoff", async () => {
    const clock = fakeEnv();
    const queue = new SendQueue(clock.env, 1000, 4000);
    void queue.submit("r", "x", async () => { throw offline(); }).catch(() => undefined);
    await flush();
    for (let i = 0; i < 5; i++) await clock.advance(4000);
    // 1 s, 2 s, then never more than 4 s: the fifth failure (at 20 s) waits 4 s.
    expect(queue.pending()[0]).toMatchObject({ attempts: 6, nextRetryAt: 24_000 });
    queue.dispose();
  });

  it("gives a refusal back at once and forgets the send", async () => {
    const clock = fakeEnv();
    const queue = new SendQueue(clock.env);
    let calls = 0;
    const refused = queue.submit("r-1", "x", async () => {
      calls++;
      throw new ConnectError("household.members[0].nik must be 16 digits", Code.InvalidArgument);
    });
    await expect(refused).rejects.toMatchObject({ code: Code.InvalidArgument });
    await clock.goOnline();
    expect(calls).toBe(1);
    expect(queue.pending()).toEqual([]);
  });

  it("joins a second submit of a pending request id instead of sending twice in parallel", async () => {
    const clock = fakeEnv();
    const queue = new SendQueue(clock.env);
    let calls = 0;
    let up = false;
    const send = async () => { calls++; if (!up) throw offline(); return "ok"; };
    const first = queue.submit("same", "x", send);
    await flush();
    const second = queue.submit("same", "x", send);
    up = true;
    await clock.goOnline();
    await expect(first).resolves.toBe("ok");
    await expect(second).resolves.toBe("ok");
    expect(calls).toBe(2);
  });

  it("the storage trap catches a write (control)", () => {
    localStorage.setItem("k", "v");
    document.cookie = "a=b";
    expect(storage.touched).toEqual(["localStorage.setItem", "document.cookie(write)"]);
  });
});

describe("isTransient", () => {
  it.each([
    [new ConnectError("x", Code.Unavailable), true],
    [new ConnectError("x", Code.DeadlineExceeded), true],
    [new ConnectError("x", Code.ResourceExhausted), true],
    [offline(), true],
    [new TypeError("Failed to fetch"), true],
    [new ConnectError("x", Code.Unknown), false],
    [new ConnectError("x", Code.Aborted), false],
    [new ConnectError("x", Code.InvalidArgument), false],
    [new ConnectError("x", Code.PermissionDenied), false],
    [new Error("x"), false],
  ])("%s -> %s", (e, want) => {
    expect(isTransient(e)).toBe(want);
  });
});

describe("Attempt", () => {
  it("keeps its request id through retries and renews it once answered or refused", async () => {
    const clock = fakeEnv();
    const queue = new SendQueue(clock.env, 1000);
    let n = 0;
    const attempt = new Attempt(queue, () => `id-${++n}`);
    const seen: string[] = [];
    let up = false;
    const answered = attempt.send("x", async (rid) => { seen.push(rid); if (!up) throw offline(); return rid; });
    await flush();
    await clock.advance(1000);
    expect(attempt.requestId).toBe("id-1"); // still the same attempt while it waits
    up = true;
    await clock.goOnline();
    await expect(answered).resolves.toBe("id-1");
    expect(seen).toEqual(["id-1", "id-1", "id-1"]);
    expect(attempt.requestId).toBe("id-2");

    await expect(attempt.send("x", async () => { throw new ConnectError("bad", Code.InvalidArgument); })).rejects.toThrow();
    expect(attempt.requestId).toBe("id-3");
  });
});
