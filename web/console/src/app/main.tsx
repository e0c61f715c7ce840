import "@mantine/core/styles.css";
import "./console.css";
import { MantineProvider } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nProvider } from "../i18n/i18n";
import { SessionGate } from "./SessionGate";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider>
      <I18nProvider>
        <SessionGate />
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
