// One register entry (GetEntry): where it is, its status and programmes, the
// proposals behind it, and its hash-chained history. A district officer may start
// a PBI-JK reactivation of an inactive entry from here.
import { Anchor, Button, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router-dom";
import { useApp } from "../../app/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { RecordHeader } from "../../components/RecordHeader";
import { useLoad } from "../../components/useLoad";
import { EntryStatus, RegisterChange } from "../../gen/usulan/v1/register_service_pb";
import { formatWib } from "../../domain/format";
import { useI18n } from "../../i18n/i18n";
import { EntryStatusBadge } from "./EntryStatusBadge";

export default function EntryScreen() {
  const { id = "" } = useParams();
  const { clients, me } = useApp();
  const { t } = useI18n();
  const got = useLoad(() => clients.register.getEntry({ entryId: id }), [clients, id]);
  if (got.error) return <ErrorAlert error={got.error} />;
  if (!got.data?.entry) return <Loader />;
  const e = got.data.entry;
  const proposal = (pid: string) =>
    pid ? <Anchor component={Link} to={`/proposals/${pid}`} ff="monospace">{pid.slice(0, 8)}</Anchor> : "—";

  return (
    <Stack>
      <RecordHeader title={t("register.entryTitle", { id: e.entryId })} badge={<EntryStatusBadge status={e.status} />} />
      <Text size="sm" data-testid="entry-meta">
        {t("common.desa")} {e.region?.desaCode} · {t("register.since")} {e.sinceCycle} · {t("register.decree")} {e.listedDecree || "—"} ·{" "}
        {t("register.desil")} {e.desil || "—"} · {t("register.programmes")}: <span data-testid="entry-programmes">{e.programmes.join(", ") || "—"}</span>
      </Text>
      <Text size="sm">
        {t("register.listedBy")} {proposal(e.listedBy)} · {t("register.householdFrom")} {proposal(e.householdProposalId)}
      </Text>
      {me.role === "district_officer" && e.status === EntryStatus.INACTIVE && (
        <Group>
          <Button component={Link} to={`/usulan-dinsos?route=PBI_JK&entry=${e.entryId}`} variant="default" data-testid="entry-pbi-jk">
            {t("route.PBI_JK")}
          </Button>
        </Group>
      )}
      <Title order={3}>{t("register.history")}</Title>
      <Table data-testid="entry-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th><Table.Th>{t("register.change")}</Table.Th><Table.Th>{t("common.proposal")}</Table.Th>
            <Table.Th>{t("register.decree")}</Table.Th><Table.Th>{t("register.cycle")}</Table.Th>
            <Table.Th>{t("register.status")}</Table.Th><Table.Th>{t("register.at")}</Table.Th><Table.Th>{t("register.hash")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {got.data.history.map((h) => (
            <Table.Tr key={String(h.sequence)} data-testid={`entry-change-${String(h.sequence)}`}>
              <Table.Td>{String(h.sequence)}</Table.Td>
              <Table.Td>{t(`change.${RegisterChange[h.change]}`)}</Table.Td>
              <Table.Td>{proposal(h.proposalId)}</Table.Td>
              <Table.Td>{h.decreeNumber || "—"}</Table.Td>
              <Table.Td>{h.cycle}</Table.Td>
              <Table.Td><EntryStatusBadge status={h.statusAfter} /></Table.Td>
              <Table.Td>{formatWib(h.at)}</Table.Td>
              <Table.Td ff="monospace" title={h.hash}>{h.hash.slice(0, 12)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
