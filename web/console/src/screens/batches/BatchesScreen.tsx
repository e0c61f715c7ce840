// Batches under the caller's region, newest first (Dinsos, Bupati, province).
import { BatchListScreen } from "../../components/BatchListScreen";
import { useI18n } from "../../i18n/i18n";

export default function BatchesScreen() {
  const { t } = useI18n();
  return <BatchListScreen title={t("batch.title")} load={(c) => c.review.listBatches({ pageSize: 100 })} />;
}
