// Batches under the caller's region, newest first (Dinsos, Bupati, province).
import { Loader, Stack, Title } from "@mantine/core";
import { useApp } from "../../app/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLoad } from "../../components/useLoad";
import { BatchTable } from "../../components/BatchTable";
import { useI18n } from "../../i18n/i18n";

export default function BatchesScreen() {
  const { clients } = useApp();
  const { t } = useI18n();
  const list = useLoad(() => clients.review.listBatches({ pageSize: 100 }), [clients]);
  return (
    <Stack>
      <Title order={2}>{t("batch.title")}</Title>
      <ErrorAlert error={list.error} />
      {list.loading ? <Loader /> : <BatchTable batches={list.data?.batches ?? []} />}
    </Stack>
  );
}
