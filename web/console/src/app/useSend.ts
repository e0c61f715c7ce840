// A screen's changes, sent through the queue as attempts (offline/sendQueue.ts:
// one request id per attempt, reused by its retries), with the refusal to show.
import { useMemo, useState } from "react";
import type { Clients } from "../api/clients";
import { Attempt } from "../offline/sendQueue";
import { useApp } from "./context";

export function useSend() {
  const { queue, clients } = useApp();
  const attempt = useMemo(() => new Attempt(queue), [queue]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function send<T>(label: string, call: (requestId: string, c: Clients) => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(undefined);
    try {
      return await attempt.send(label, (rid) => call(rid, clients));
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { send, error, busy, attempt };
}
