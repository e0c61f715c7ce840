// A proposal: its state on the lifecycle, the household (withheld for auditors)
// with a citizen objection's house point (for Dinsos and the verifier), the actions the server allows this caller now, and the history.
import { Anchor, Button, Group, Loader, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useApp } from "../../app/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { LifecycleDiagram } from "../../components/LifecycleDiagram";
import { RecordHeader } from "../../components/RecordHeader";
import { StateBadge } from "../../components/StateBadge";
import { useLoad } from "../../components/useLoad";
import { ProposalKind, Relationship, Sex, type Proposal } from "../../gen/usulan/v1/common_pb";
import { actionsFor, type ActionSpec } from "../../domain/actions";
import { routeKey } from "../../domain/states";
import { formatNumber, formatRupiah, formatWib } from "../../domain/format";
import { formatPoint, geoUri } from "../../domain/location";
import { useI18n } from "../../i18n/i18n";
import { ActionDialog } from "./ActionDialog";
import { HistoryTimeline } from "./HistoryTimeline";

/** Actions that end or send back the proposal: drawn as red outlines. */
const refusals = new Set(["withdraw", "return", "decline"]);

export default function ProposalScreen() {
  const { id = "" } = useParams();
  const { clients } = useApp();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState<ActionSpec>();
  const proposal = useLoad(() => clients.proposals.getProposal({ proposalId: id }), [clients, id]);
  const history = useLoad(() => clients.audit.getHistory({ proposalId: id }), [clients, id]);

  if (proposal.error) return <ErrorAlert error={proposal.error} />;
  if (!proposal.data) return <Loader />;
  const p = proposal.data;
  const actions = actionsFor(p);

  const start = (a: ActionSpec) => {
    if (a.form === "edit") navigate(`/proposals/${p.proposalId}/edit`);
    else setOpen(a);
  };

  return (
    <Stack>
      <RecordHeader title={t("proposal.title", { id: p.proposalId })} badge={<StateBadge state={p.state} />} />
      <Text size="sm" data-testid="proposal-meta">
        {t(`kind.${ProposalKind[p.kind]}`)} · <span data-testid="proposal-route">{t(`route.${routeKey(p.route)}`)}</span> · {t("common.desa")} {p.region?.desaCode} · {t("common.version")} {String(p.version)} ·{" "}
        {t("common.since")} {formatWib(p.stateSince)}
      </Text>
      {p.registerEntryId && (
        <Text size="sm">
          {t("register.entry")}:{" "}
          <Anchor component={Link} to={`/register/${p.registerEntryId}`} ff="monospace" data-testid="proposal-entry">{p.registerEntryId}</Anchor>
        </Text>
      )}
      {p.nikMismatchMembers.length > 0 && (
        <Text c="red" data-testid="nik-mismatch">{t("proposal.mismatch", { list: p.nikMismatchMembers.join(", ") })}</Text>
      )}

      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb="xs">{t("proposal.lifecycle")}</Title>
        <LifecycleDiagram current={p.state} />
      </Paper>

      <section aria-labelledby="actions-h">
        <Title order={3} size="h4" id="actions-h">{t("proposal.actions")}</Title>
        {actions.length === 0 ? <Text c="dimmed" data-testid="no-actions">{t("proposal.noActions")}</Text> : (
          <Group mt="xs">
            {actions.map((a) =>
              a.form === "batchScreen" ? (
                <Text key={a.event} size="sm">
                  {t("proposal.batchStep")}{" "}
                  <Anchor component={Link} to={a.route!} data-testid={`action-${a.testId}`}>{t(`event.${a.event}`)}</Anchor>
                </Text>
              ) : (
                <Button key={a.event} variant={refusals.has(a.event) ? "outline" : "filled"}
                  color={refusals.has(a.event) ? "red" : undefined}
                  onClick={() => start(a)} data-testid={`action-${a.testId}`}>
                  {t(a.label)}
                </Button>
              ),
            )}
          </Group>
        )}
      </section>

      <section aria-labelledby="household-h">
        <Title order={3} size="h4" id="household-h">{t("proposal.household")}</Title>
        <ObjectionPoint p={p} />
        <HouseholdView p={p} />
      </section>

      <section aria-labelledby="history-h">
        <Title order={3} size="h4" id="history-h">{t("proposal.history")}</Title>
        <ErrorAlert error={history.error} />
        {history.data && <HistoryTimeline proposalId={p.proposalId} transitions={history.data.transitions} />}
      </section>

      {open && (
        <ActionDialog
          action={open}
          proposal={p}
          onClose={() => setOpen(undefined)}
          onDone={() => { setOpen(undefined); proposal.reload(); history.reload(); }}
        />
      )}
    </Stack>
  );
}

/**
 * A citizen objection's house, for Dinsos and the verifier who must find it (the
 * server sends the point to those roles only): the coordinates and a geo: link to
 * the device's map app.
 */
function ObjectionPoint({ p }: { p: Proposal }) {
  const { t } = useI18n();
  if (!p.objectionPoint) return null;
  return (
    <Text size="sm" data-testid="objection-point">
      {t("proposal.objectionPoint")}: <span className="mono">{formatPoint(p.objectionPoint)}</span> ·{" "}
      <Anchor href={geoUri(p.objectionPoint)} data-testid="objection-map">{t("proposal.openMap")}</Anchor>
    </Text>
  );
}

function HouseholdView({ p }: { p: Proposal }) {
  const { t } = useI18n();
  if (p.householdWithheld) return <Text c="dimmed" data-testid="household-withheld">{t("proposal.withheld")}</Text>;
  if (p.personalDataErasedAt) return <Text c="dimmed">{t("proposal.erased", { at: formatWib(p.personalDataErasedAt) })}</Text>;
  const h = p.household;
  if (!h) return <Text c="dimmed">{t("common.none")}</Text>;
  const se = h.socioEconomic;
  return (
    <Stack gap="xs" data-testid="household-view">
      <Text size="sm">{t("hh.kk")}: <span className="mono">{h.kkNumber}</span> · {t("hh.address")}: {h.address}</Text>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th><Table.Th>{t("hh.nik")}</Table.Th><Table.Th>{t("hh.name")}</Table.Th>
            <Table.Th>{t("hh.relationship")}</Table.Th><Table.Th>{t("hh.sex")}</Table.Th>
            <Table.Th>{t("hh.birthDate")}</Table.Th><Table.Th>{t("hh.occupation")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {h.members.map((m, i) => (
            <Table.Tr key={i} data-mismatch={p.nikMismatchMembers.includes(i + 1) || undefined}>
              <Table.Td>{i + 1}</Table.Td><Table.Td ff="monospace">{m.nik}</Table.Td><Table.Td>{m.name}</Table.Td>
              <Table.Td>{t(`relationship.${Relationship[m.relationship]}`)}</Table.Td><Table.Td>{t(`sex.${Sex[m.sex]}`)}</Table.Td>
              <Table.Td>{m.birthDate}</Table.Td><Table.Td>{m.occupation}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {se && (
        <Text size="sm">
          {t("hh.floorAreaM2")}: {formatNumber(se.floorAreaM2)} · {t("hh.monthlyIncomeIdr")}: {formatRupiah(se.monthlyIncomeIdr)} ·{" "}
          {t("hh.monthlyExpenditureIdr")}: {formatRupiah(se.monthlyExpenditureIdr)}
        </Text>
      )}
    </Stack>
  );
}
