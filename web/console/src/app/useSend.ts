// One change the person makes, sent through the queue: the request id is made
// once for the attempt and reused by every retry; a refusal ends the attempt (the
// next try after a fix is a new request), and so does success.
import { useState } from "react";
import type { Clients } from "../api/clients";
import { useApp, useAttempt } from "./context";

export function useSend() {
  const { queue, clients } = useApp();
  const attempt = useAttempt();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function send<T>(label: string, call: (requestId: string, c: Clients) => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await queue.submit(attempt.requestId, label, (rid) => call(rid, clients));
      attempt.renew();
      return answer;
    } catch (e) {
      setError(e);
      attempt.renew();
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { send, error, setError, busy, requestId: attempt.requestId };
}
