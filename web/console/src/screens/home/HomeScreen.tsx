// Everyone's home: the caller's work queue (waiting_for_me), counts per state, and
// the overdue ones marked.
import { Button, Group, Loader, Switch, Table, Title } from "@mantine/core";
import { useState } from "react";
import { useApp } from "../../app/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { ProposalTable } from "../../components/ProposalTable";
import { useLoad } from "../../components/useLoad";
import type { ProposalSummary } from "../../gen/usulan/v1/proposal_service_pb";
import { formatNumber, formatWib } from "../../domain/format";
import { overdueDays, pageSize } from "../../domain/queue";
import { stateKey } from "../../domain/states";
import { useI18n } from "../../i18n/i18n";
import { StateBadge } from "../../components/StateBadge";

export default function HomeScreen() {
  const { clients } = useApp();
  const { t } = useI18n();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [more, setMore] = useState<{ rows: ProposalSummary[]; token: string }>({ rows: [], token: "" });

  const queue = useLoad(async () => {
    const r = await clients.proposals.listProposals({ waitingForMe: true, pageSize, overdueDays: overdueOnly ? overdueDays : 0 });
    setMore({ rows: [], token: r.nextPageToken });
    return r.proposals;
  }, [clients, overdueOnly]);
  const counts = useLoad(async () => {
    const [all, late] = await Promise.all([
      clients.proposals.countProposals({}),
      clients.proposals.countProposals({ overdueDays }),
    ]);
    return { all, late };
  }, [clients]);

  const loadMore = async () => {
    const r = await clients.proposals.listProposals({
      waitingForMe: true, pageSize, pageToken: more.token, overdueDays: overdueOnly ? overdueDays : 0,
    });
    setMore({ rows: [...more.rows, ...r.proposals], token: r.nextPageToken });
  };

  return (
    <>
      <Title order={2}>{t("home.title")}</Title>
      <Group>
        <Switch
          label={t("home.overdueOnly")}
          checked={overdueOnly}
          onChange={(e) => setOverdueOnly(e.currentTarget.checked)}
          data-testid="overdue-only"
        />
      </Group>
      <ErrorAlert error={queue.error} />
      {queue.loading ? <Loader /> : (
        <ProposalTable rows={[...(queue.data ?? []), ...more.rows]} caption={t("home.overdueNote", { n: overdueDays })} testId="work-queue" />
      )}
      {more.token && <Button variant="default" onClick={() => void loadMore()} data-testid="load-more">{t("common.more")}</Button>}

      <Title order={3}>{t("home.counts")}</Title>
      <ErrorAlert error={counts.error} />
      {counts.data && (
        <Table data-testid="state-counts" w="auto">
          <Table.Caption>{formatWib(counts.data.all.asOf)}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("common.state")}</Table.Th>
              <Table.Th>{t("common.total")}</Table.Th>
              <Table.Th>{t("common.overdue")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {counts.data.all.byState.map((c) => {
              const late = counts.data!.late.byState.find((l) => l.state === c.state)?.count ?? 0n;
              return (
                <Table.Tr key={c.state} data-testid={`count-${stateKey(c.state)}`}>
                  <Table.Td><StateBadge state={c.state} /></Table.Td>
                  <Table.Td>{formatNumber(c.count)}</Table.Td>
                  <Table.Td className={late > 0n ? "overdue" : undefined}>{formatNumber(late)}</Table.Td>
                </Table.Tr>
              );
            })}
            <Table.Tr>
              <Table.Th scope="row">{t("common.total")}</Table.Th>
              <Table.Td>{formatNumber(counts.data.all.total)}</Table.Td>
              <Table.Td>{formatNumber(counts.data.late.total)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
