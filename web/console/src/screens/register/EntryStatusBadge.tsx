import { Badge } from "@mantine/core";
import { okGreen } from "../../components/StateBadge";
import { EntryStatus } from "../../gen/usulan/v1/register_service_pb";
import { useI18n } from "../../i18n/i18n";

export function EntryStatusBadge({ status }: { status: EntryStatus }) {
  const { t } = useI18n();
  const active = status === EntryStatus.ACTIVE;
  return (
    <Badge color={active ? "green" : "gray"} c={active ? okGreen : undefined} variant="light" data-entry-status={EntryStatus[status]}>
      {t(`entry.${EntryStatus[status]}`)}
    </Badge>
  );
}
