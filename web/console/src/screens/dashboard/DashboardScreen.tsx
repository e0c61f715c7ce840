// Dinsos: counts per desa and state under the caller's region, overdue ones
// marked; the totals come from CountProposals, the per-desa table from the
// proposal summaries (first pages only on very large districts, said on screen).
import { Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useApp } from "../../app/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLoad } from "../../components/useLoad";
import type { ProposalSummary } from "../../gen/usulan/v1/proposal_service_pb";
import { tallyByDesa } from "../../domain/dashboard";
import { formatNumber, formatWib } from "../../domain/format";
import { overdueDays } from "../../domain/queue";
import { stateKey } from "../../domain/states";
import { useI18n } from "../../i18n/i18n";

const maxPages = 10;

export default function DashboardScreen() {
  const { clients } = useApp();
  const { t } = useI18n();
  const data = useLoad(async () => {
    const rows: ProposalSummary[] = [];
    let token = "";
    let pages = 0;
    do {
      const r = await clients.proposals.listProposals({ pageSize: 500, pageToken: token });
      rows.push(...r.proposals);
      token = r.nextPageToken;
    } while (token && ++pages < maxPages);
    const [all, late] = await Promise.all([clients.proposals.countProposals({}), clients.proposals.countProposals({ overdueDays })]);
    return { rows, partial: token !== "", all, late };
  }, [clients]);

  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Loader />;
  const { desas, states } = tallyByDesa(data.data.rows, new Date());
  return (
    <Stack>
      <Title order={2}>{t("dash.title")}</Title>
      <Text data-testid="dash-totals">
        {t("common.total")}: {formatNumber(data.data.all.total)} · {t("common.overdue")}: <span className="overdue">{formatNumber(data.data.late.total)}</span> · {formatWib(data.data.all.asOf)}
      </Text>
      <Text size="sm">{t("home.overdueNote", { n: overdueDays })}</Text>
      {data.data.partial && <Text size="sm" c="dimmed">{t("dash.partial", { n: formatNumber(data.data.rows.length) })}</Text>}
      <Table.ScrollContainer minWidth={700}>
        <Table data-testid="dash-table" striped>
          <Table.Caption>{t("dash.perDesa")}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("common.desa")}</Table.Th>
              {states.map((s) => <Table.Th key={s}>{t(`state.${stateKey(s)}`)}</Table.Th>)}
              <Table.Th>{t("common.total")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {desas.map((d) => (
              <Table.Tr key={d.desa} data-testid={`dash-${d.desa}`}>
                <Table.Th scope="row" ff="monospace">{d.desa}</Table.Th>
                {states.map((s) => {
                  const c = d.cells.get(s);
                  return (
                    <Table.Td key={s}>
                      {c ? formatNumber(c.count) : "—"}
                      {c && c.overdue > 0 && <span className="overdue"> ({formatNumber(c.overdue)} {t("common.overdue").toLowerCase()})</span>}
                    </Table.Td>
                  );
                })}
                <Table.Td>{formatNumber(d.total)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
