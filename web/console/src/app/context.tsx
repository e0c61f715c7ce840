// What every screen needs: the signed-in person, the API clients and the send
// queue that carries changes through dropped connections.
import { createContext, useContext, useEffect, useState } from "react";
import type { Clients } from "../api/clients";
import type { Me } from "../api/session";
import type { PendingView, SendQueue } from "../offline/sendQueue";

export interface App {
  me: Me;
  clients: Clients;
  queue: SendQueue;
}

export const AppContext = createContext<App | null>(null);

export function useApp(): App {
  const v = useContext(AppContext);
  if (!v) throw new Error("useApp outside AppContext");
  return v;
}

/** The sends waiting for the connection, re-rendered as they change. */
export function usePending(): PendingView[] {
  const { queue } = useApp();
  const [pending, setPending] = useState(queue.pending());
  useEffect(() => queue.subscribe(() => setPending(queue.pending())), [queue]);
  return pending;
}
