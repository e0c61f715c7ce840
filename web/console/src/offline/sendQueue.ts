// Sends that survive an unstable connection (villages have one). A change is
// queued with the request id made once for that attempt; when the connection
// fails it stays in this object — in memory only, never in localStorage,
// sessionStorage, IndexedDB or a cookie, because it carries NIKs and names — and is
// sent again with the SAME request id when the browser reports `online` and on a
// backoff timer. The server answers a repeated request id with its first answer,
// so a household is never lost and never entered twice.
import { Code, ConnectError } from "@connectrpc/connect";

export interface PendingView {
  requestId: string;
  label: string;
  attempts: number;
  lastError?: string;
  nextRetryAt?: number;
}

export interface QueueEnv {
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Calls fn on every `online` event; answers the unsubscribe. */
  onOnline(fn: () => void): () => void;
  now(): number;
}

export function browserEnv(): QueueEnv {
  return {
    setTimer: (fn, ms) => window.setTimeout(fn, ms),
    clearTimer: (h) => window.clearTimeout(h as number),
    onOnline: (fn) => {
      window.addEventListener("online", fn);
      return () => window.removeEventListener("online", fn);
    },
    now: () => Date.now(),
  };
}

/** Failures a later attempt can cure; anything else is the answer and is final. */
export function isTransient(e: unknown): boolean {
  if (e instanceof TypeError) return true; // fetch: network error
  if (!(e instanceof ConnectError)) return false;
  switch (e.code) {
    case Code.Unavailable:
    case Code.DeadlineExceeded:
    case Code.ResourceExhausted:
      return true;
    case Code.Unknown:
      // connect-web reports a failed fetch as Unknown with the TypeError as cause.
      return e.cause instanceof TypeError;
    default:
      return false;
  }
}

interface Entry {
  view: PendingView;
  send: (requestId: string) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer?: unknown;
  inFlight: boolean;
}

export class SendQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribeOnline: () => void;

  constructor(
    private readonly env: QueueEnv,
    private readonly baseDelayMs = 2000,
    private readonly maxDelayMs = 60_000,
  ) {
    this.unsubscribeOnline = env.onOnline(() => this.retryAll());
  }

  /**
   * Sends now and until it is answered. Resolves with the first real answer;
   * rejects with a non-transient error (the caller shows it: the change was
   * refused, not lost). A second submit with a request id still pending joins it.
   */
  submit<T>(requestId: string, label: string, send: (requestId: string) => Promise<T>): Promise<T> {
    const existing = this.entries.get(requestId);
    if (existing) {
      return new Promise<T>((resolve, reject) => {
        const [r0, j0] = [existing.resolve, existing.reject];
        existing.resolve = (v) => { r0(v); resolve(v as T); };
        existing.reject = (e) => { j0(e); reject(e); };
      });
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        view: { requestId, label, attempts: 0 },
        send,
        resolve: resolve as (v: unknown) => void,
        reject,
        inFlight: false,
      };
      this.entries.set(requestId, entry);
      void this.attempt(entry);
    });
  }

  pending(): PendingView[] {
    return Array.from(this.entries.values(), (e) => ({ ...e.view }));
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Tries every waiting send now (the `online` event, or a person's "retry now"). */
  retryAll(): void {
    for (const e of this.entries.values()) {
      if (e.inFlight) continue;
      if (e.timer !== undefined) this.env.clearTimer(e.timer);
      e.timer = undefined;
      void this.attempt(e);
    }
  }

  /** Forgets every waiting send (sign-out). Their promises reject. */
  dispose(): void {
    this.unsubscribeOnline();
    for (const e of this.entries.values()) {
      if (e.timer !== undefined) this.env.clearTimer(e.timer);
      e.reject(new ConnectError("discarded", Code.Canceled));
    }
    this.entries.clear();
    this.changed();
  }

  private async attempt(e: Entry): Promise<void> {
    e.inFlight = true;
    e.view.attempts++;
    e.view.nextRetryAt = undefined;
    this.changed();
    try {
      const answer = await e.send(e.view.requestId);
      this.entries.delete(e.view.requestId);
      e.resolve(answer);
    } catch (err) {
      if (!isTransient(err) || !this.entries.has(e.view.requestId)) {
        this.entries.delete(e.view.requestId);
        e.reject(err);
      } else {
        e.view.lastError = err instanceof Error ? err.message : String(err);
        const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(e.view.attempts - 1, 16));
        e.view.nextRetryAt = this.env.now() + delay;
        e.timer = this.env.setTimer(() => {
          e.timer = undefined;
          void this.attempt(e);
        }, delay);
      }
    } finally {
      e.inFlight = false;
      this.changed();
    }
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}

/**
 * One change a person makes, as the screens see it: the request id of the attempt
 * is made once and handed to every retry by the queue; it is renewed only when
 * the attempt ended — answered, or refused (the next try after a fix is a new
 * request, not a repeat the server would answer with its first refusal).
 */
export class Attempt {
  private id: string;

  constructor(
    private readonly queue: SendQueue,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {
    this.id = newId();
  }

  get requestId(): string {
    return this.id;
  }

  /** Starts over with a new id (e.g. another file chosen for an import). */
  renew(): void {
    this.id = this.newId();
  }

  async send<T>(label: string, send: (requestId: string) => Promise<T>): Promise<T> {
    try {
      return await this.queue.submit(this.id, label, send);
    } finally {
      this.renew();
    }
  }
}
