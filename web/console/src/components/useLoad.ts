// Loads data for a screen and reloads it on demand (after a change).
import { useCallback, useEffect, useState } from "react";

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  // The screen names what the load depends on (as for useEffect).
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    setLoading(true);
    run().then(
      (d) => { setData(d); setError(undefined); setLoading(false); },
      (e: unknown) => { setError(e); setLoading(false); },
    );
  }, [run]);
  useEffect(reload, [reload]);
  return { data, error, loading, reload };
}
