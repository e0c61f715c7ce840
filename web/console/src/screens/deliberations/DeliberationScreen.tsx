// Village head: one Musdes/Muskel — put PRELIST proposals on its agenda, record
// each outcome (a rejection with its reason), and close it with attendance, quorum
// and the Berita Acara hash (all outcomes take effect together at closing).
import { Anchor, Badge, Button, Group, Loader, NumberInput, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { HashInput } from "../../components/HashInput";
import { ProposalTable } from "../../components/ProposalTable";
import { useLoad } from "../../components/useLoad";
import { ProposalState } from "../../gen/usulan/v1/common_pb";
import { AgendaOutcome, DeliberationKind, DeliberationStatus, type AgendaItem, type Deliberation } from "../../gen/usulan/v1/deliberation_service_pb";
import { formatNumber, formatWib } from "../../domain/format";
import { isSha256Hex, normaliseSha256 } from "../../domain/hex";
import { useI18n } from "../../i18n/i18n";

export default function DeliberationScreen() {
  const { id = "" } = useParams();
  const { clients } = useApp();
  const { t } = useI18n();
  const d = useLoad(() => clients.deliberations.getDeliberation({ deliberationId: id }), [clients, id]);
  if (d.error) return <ErrorAlert error={d.error} />;
  if (!d.data) return <Loader />;
  const delib = d.data;
  const isOpen = delib.status === DeliberationStatus.OPEN;
  return (
    <Stack>
      <Title order={2}>{t(`delib.${DeliberationKind[delib.kind]}`)} {delib.meetingDate} · {delib.desaCode}</Title>
      <Group>
        <Badge data-testid="delib-status">{t(`delib.${DeliberationStatus[delib.status]}`)}</Badge>
        <Text size="sm">{t("common.version")} {String(delib.version)}</Text>
        {!isOpen && (
          <Text size="sm">
            {t("delib.attendance")} {formatNumber(delib.attendance)} · {t("delib.quorum")} {formatNumber(delib.quorum)} ·{" "}
            {t("delib.minutes")} <span className="mono">{delib.minutesSha256.slice(0, 12)}…</span> · {formatWib(delib.closedAt)}
          </Text>
        )}
      </Group>
      <Title order={3} size="h4">{t("delib.agenda")}</Title>
      <Table data-testid="agenda">
        <Table.Thead>
          <Table.Tr><Table.Th>{t("common.proposal")}</Table.Th><Table.Th>{t("delib.record")}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {delib.agenda.map((a) => (
            <Table.Tr key={a.proposalId} data-testid={`agenda-${a.proposalId}`}>
              <Table.Td><Anchor component={Link} to={`/proposals/${a.proposalId}`} ff="monospace">{a.proposalId.slice(0, 8)}</Anchor></Table.Td>
              <Table.Td><OutcomeCell delib={delib} item={a} editable={isOpen} onDone={d.reload} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {isOpen && <AddPrelist delib={delib} onDone={d.reload} />}
      {isOpen && <CloseForm delib={delib} onDone={d.reload} />}
    </Stack>
  );
}

function OutcomeCell({ delib, item, editable, onDone }: { delib: Deliberation; item: AgendaItem; editable: boolean; onDone(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState(item.reason);
  const { send, error, busy } = useSend();
  const label = item.outcome === AgendaOutcome.AGREED ? t("delib.agreed") : item.outcome === AgendaOutcome.REJECTED ? t("delib.rejected") : t("delib.undecided");
  if (!editable) return <Text size="sm">{label}{item.reason ? ` — ${item.reason}` : ""}</Text>;
  const record = async (outcome: AgendaOutcome) => {
    const r = await send(t("delib.record"), (requestId, c) =>
      c.deliberations.recordOutcome({ requestId, deliberationId: delib.deliberationId, expectedVersion: delib.version, proposalId: item.proposalId, outcome, reason }));
    if (r) onDone();
  };
  const short = item.proposalId.slice(0, 8);
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Badge variant="outline">{label}</Badge>
        <TextInput size="xs" aria-label={`${t("common.reason")} ${short}`} value={reason} onChange={(e) => setReason(e.currentTarget.value)}
          data-testid={`outcome-reason-${item.proposalId}`} />
        <Button size="xs" loading={busy} onClick={() => void record(AgendaOutcome.AGREED)} aria-label={`${t("delib.agreed")} ${short}`}
          data-testid={`outcome-agreed-${item.proposalId}`}>{t("delib.agreed")}</Button>
        <Button size="xs" color="red" variant="outline" loading={busy} disabled={!reason.trim()} onClick={() => void record(AgendaOutcome.REJECTED)}
          aria-label={`${t("delib.rejected")} ${short}`} data-testid={`outcome-rejected-${item.proposalId}`}>{t("delib.rejected")}</Button>
      </Group>
      <ErrorAlert error={error} />
    </Stack>
  );
}

function AddPrelist({ delib, onDone }: { delib: Deliberation; onDone(): void }) {
  const { clients } = useApp();
  const { t } = useI18n();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { send, error, busy } = useSend();
  const prelist = useLoad(
    () => clients.proposals.listProposals({ states: [ProposalState.PRELIST], regionPrefix: delib.desaCode, pageSize: 500 }),
    [clients, delib.desaCode, delib.version],
  );
  const onAgenda = new Set(delib.agenda.map((a) => a.proposalId));
  const rows = (prelist.data?.proposals ?? []).filter((p) => !onAgenda.has(p.proposalId));
  const add = async () => {
    const r = await send(t("delib.add"), (requestId, c) =>
      c.deliberations.addToAgenda({ requestId, deliberationId: delib.deliberationId, expectedVersion: delib.version, proposalIds: [...selected] }));
    if (r) { setSelected(new Set()); onDone(); }
  };
  return (
    <Stack>
      <Title order={3} size="h4">{t("delib.addPrelist")}</Title>
      <ErrorAlert error={prelist.error} />
      <ProposalTable rows={rows} caption={t("state.PRELIST")} selected={selected} onSelect={setSelected} testId="prelist-table" />
      <ErrorAlert error={error} />
      <Button onClick={() => void add()} disabled={selected.size === 0} loading={busy} data-testid="agenda-add">
        {t("delib.add")} ({t("common.selected", { n: selected.size })})
      </Button>
    </Stack>
  );
}

function CloseForm({ delib, onDone }: { delib: Deliberation; onDone(): void }) {
  const { t } = useI18n();
  const [attendance, setAttendance] = useState<number | string>("");
  const [quorum, setQuorum] = useState<number | string>("");
  const [minutes, setMinutes] = useState("");
  const { send, error, busy } = useSend();
  const ready = typeof attendance === "number" && typeof quorum === "number" && isSha256Hex(minutes);
  const close = async () => {
    const r = await send(t("delib.close"), (requestId, c) =>
      c.deliberations.closeDeliberation({
        requestId, deliberationId: delib.deliberationId, expectedVersion: delib.version,
        attendance: Number(attendance), quorum: Number(quorum), minutesSha256: normaliseSha256(minutes),
      }));
    if (r) onDone();
  };
  return (
    <Stack>
      <Title order={3} size="h4">{t("delib.close")}</Title>
      <Group grow>
        <NumberInput label={t("delib.attendance")} min={0} allowDecimal={false} value={attendance} onChange={setAttendance} thousandSeparator="." decimalSeparator="," data-testid="close-attendance" />
        <NumberInput label={t("delib.quorum")} min={0} allowDecimal={false} value={quorum} onChange={setQuorum} thousandSeparator="." decimalSeparator="," data-testid="close-quorum" />
      </Group>
      <HashInput label={t("delib.minutes")} value={minutes} onChange={setMinutes} testId="close-minutes" />
      <ErrorAlert error={error} />
      <Button onClick={() => void close()} disabled={!ready} loading={busy} data-testid="delib-close">{t("delib.close")}</Button>
    </Stack>
  );
}
