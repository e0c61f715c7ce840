// Pusdatin: batches forwarded by the provinces, oldest first.
import { BatchListScreen } from "../../components/BatchListScreen";
import { useI18n } from "../../i18n/i18n";

export default function DecisionsScreen() {
  const { t } = useI18n();
  return <BatchListScreen title={t("decision.title")} load={(c) => c.decision.listIncomingBatches({ pageSize: 100 })} />;
}
