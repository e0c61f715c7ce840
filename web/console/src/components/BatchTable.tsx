// A table of batches, each linking to its page.
import { Anchor, Badge, Table } from "@mantine/core";
import { Link } from "react-router-dom";
import { BatchStatus, type Batch } from "../gen/usulan/v1/batch_pb";
import { formatWib } from "../domain/format";
import { useI18n } from "../i18n/i18n";

export function BatchTable({ batches }: { batches: Batch[] }) {
  const { t } = useI18n();
  return (
    <Table data-testid="batches">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Batch</Table.Th><Table.Th>{t("batch.cycle")}</Table.Th><Table.Th>{t("batch.status")}</Table.Th>
          <Table.Th>{t("common.since")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {batches.map((b) => (
          <Table.Tr key={b.batchId}>
            <Table.Td><Anchor component={Link} to={`/batches/${b.batchId}`} ff="monospace" data-testid={`batch-${b.batchId}`}>{b.batchId.slice(0, 8)}</Anchor></Table.Td>
            <Table.Td>{b.kabupatenCode} · {b.cycleId}</Table.Td>
            <Table.Td><Badge variant="light">{t(`bstatus.${BatchStatus[b.status]}`)}</Badge></Table.Td>
            <Table.Td>{formatWib(b.statusSince)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
