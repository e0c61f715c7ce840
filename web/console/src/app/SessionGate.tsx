// Asks usulan-web who is signed in; a signed-out visitor goes to the sign-in page
// and comes back to the page they asked for.
import { Center, Loader, Text } from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { browserTransport, makeClients } from "../api/clients";
import { fetchMe, goToLogin, type Me } from "../api/session";
import { useI18n } from "../i18n/i18n";
import { browserEnv, SendQueue } from "../offline/sendQueue";
import { AppContext } from "./context";
import { Routes } from "./Routes";

export function SessionGate() {
  const { t } = useI18n();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string>();
  const clients = useMemo(() => makeClients(browserTransport()), []);
  const queue = useMemo(() => new SendQueue(browserEnv()), []);

  useEffect(() => {
    fetchMe().then(
      (m) => {
        if (m === null) goToLogin();
        setMe(m);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);

  // Leaving the page with unsent changes loses them (they are in memory only).
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (queue.pending().length > 0) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [queue]);

  if (error) return <Center h="100vh"><Text role="alert">{error}</Text></Center>;
  if (!me) {
    return (
      <Center h="100vh">
        <Loader aria-label={t(me === null ? "session.redirect" : "session.loading")} />
      </Center>
    );
  }
  return (
    <AppContext.Provider value={{ me, clients, queue }}>
      <Routes />
    </AppContext.Provider>
  );
}
