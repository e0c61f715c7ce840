// The language switch. Kept in memory only (Bahasa Indonesia on every load): the
// console writes nothing to the browser's storage.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { message, type Lang } from "./messages";

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: string, params?: Record<string, string | number>): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>("id");
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, params) => message(lang, key, params) }), [lang]);
  // Screen readers pick their voice from <html lang>.
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}
