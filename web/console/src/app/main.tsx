import "@mantine/core/styles.css";
import "../gen/mantine-theme.css";
import "./console.css";
import { MantineProvider, type MantineColorSchemeManager } from "@mantine/core";
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "../i18n/i18n";
import { SessionGate } from "./SessionGate";

// The one page served without a session (docs/public-status.md): never behind
// the sign-in, its own chunk.
const PublicStatus = lazy(() => import("../screens/publicstatus/PublicStatusScreen"));
const isPublic = window.location.pathname === "/cek-status";

// Mantine's default manager keeps the color scheme in localStorage; the console
// writes nothing to the browser's storage, so the (always light) scheme lives here.
const memoryOnly: MantineColorSchemeManager = {
  get: () => "light",
  set: () => undefined,
  subscribe: () => undefined,
  unsubscribe: () => undefined,
  clear: () => undefined,
};

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    {/* The theme's variables and responsive classes come from the built stylesheet
        (scripts/mantine-css.mjs, rendered from this same theme): usulan-web's CSP
        refuses injected <style> elements. */}
    <MantineProvider theme={{ primaryShade: { light: 9, dark: 8 } }} withCssVariables={false} withGlobalClasses={false} forceColorScheme="light" colorSchemeManager={memoryOnly}>
      <I18nProvider>
        {isPublic ? <Suspense fallback={null}><PublicStatus /></Suspense> : <SessionGate />}
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
