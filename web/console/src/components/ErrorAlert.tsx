// A refused call as the person sees it: the server's own message (it names the
// field) and its code. Transient failures never get here: the send queue keeps them.
import { Alert } from "@mantine/core";
import { Code, ConnectError } from "@connectrpc/connect";
import { useI18n } from "../i18n/i18n";

export function errorText(e: unknown): string {
  if (e instanceof ConnectError) return `${e.rawMessage} (${Code[e.code]})`;
  return e instanceof Error ? e.message : String(e);
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  return (
    <Alert color="red" title={t("error.title")} role="alert" data-testid="error">
      {errorText(error)}
    </Alert>
  );
}
