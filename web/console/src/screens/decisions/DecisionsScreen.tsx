// Pusdatin: batches forwarded by the provinces, oldest first.
import { Loader, Stack, Title } from "@mantine/core";
import { useApp } from "../../app/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLoad } from "../../components/useLoad";
import { useI18n } from "../../i18n/i18n";
import { BatchTable } from "../../components/BatchTable";

export default function DecisionsScreen() {
  const { clients } = useApp();
  const { t } = useI18n();
  const list = useLoad(() => clients.decision.listIncomingBatches({ pageSize: 100 }), [clients]);
  return (
    <Stack>
      <Title order={2}>{t("decision.title")}</Title>
      <ErrorAlert error={list.error} />
      {list.loading ? <Loader /> : <BatchTable batches={list.data?.batches ?? []} />}
    </Stack>
  );
}
