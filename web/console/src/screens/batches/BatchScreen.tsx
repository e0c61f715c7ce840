// One batch: its members and manifest hash, and the step the caller's role takes
// at its status — Bupati ratifies (letter number and hash), Dinsos submits to the
// province, the province forwards or returns, Pusdatin decides. The server
// refuses anything else; the console offers only the role's own step.
import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { HashInput } from "../../components/HashInput";
import { StateBadge } from "../../components/StateBadge";
import { useLoad } from "../../components/useLoad";
import { BatchStatus, type Batch } from "../../gen/usulan/v1/batch_pb";
import { formatNumber, formatWib } from "../../domain/format";
import { isSha256Hex, normaliseSha256 } from "../../domain/hex";
import { useI18n } from "../../i18n/i18n";
import { DecideForm } from "../decisions/DecideForm";

export default function BatchScreen() {
  const { id = "" } = useParams();
  const { me, clients } = useApp();
  const { t } = useI18n();
  const b = useLoad(() => clients.review.getBatch({ batchId: id }), [clients, id]);
  if (b.error) return <ErrorAlert error={b.error} />;
  if (!b.data) return <Loader />;
  const batch = b.data;
  const role = me.role;
  return (
    <Stack>
      <Title order={2} ff="monospace">{t("batch.one", { id: batch.batchId })}</Title>
      <Group>
        <Badge data-testid="batch-status">{t(`bstatus.${BatchStatus[batch.status]}`)}</Badge>
        <Text size="sm">{batch.kabupatenCode} · {t("batch.cycle")} {batch.cycleId} · {t("common.version")} {String(batch.version)} · {formatWib(batch.statusSince)}</Text>
      </Group>
      <Text size="sm">{t("batch.manifest")}: <span className="mono" data-testid="batch-manifest">{batch.manifestSha256}</span></Text>
      {batch.letterNumber && <Text size="sm">{t("batch.letterNumber")}: {batch.letterNumber} · {t("batch.letterHash")}: <span className="mono">{batch.letterSha256}</span></Text>}
      {batch.returnReason && <Text size="sm">{t("common.reason")}: {batch.returnReason}</Text>}

      <Table data-testid="batch-members">
        <Table.Caption>{t("common.members")}: {formatNumber(batch.members.length)}</Table.Caption>
        <Table.Thead>
          <Table.Tr><Table.Th>{t("common.proposal")}</Table.Th><Table.Th>{t("batch.sealedVersion")}</Table.Th><Table.Th>{t("common.state")}</Table.Th><Table.Th>{t("batch.open")}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batch.members.map((m) => (
            <Table.Tr key={m.proposalId}>
              <Table.Td><Anchor component={Link} to={`/proposals/${m.proposalId}`} ff="monospace">{m.proposalId.slice(0, 8)}</Anchor></Table.Td>
              <Table.Td>{String(m.sealedVersion)}</Table.Td>
              <Table.Td><StateBadge state={m.state} /></Table.Td>
              <Table.Td>{m.open ? "✓" : "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {role === "regent" && batch.status === BatchStatus.SEALED && <RatifyForm batch={batch} onDone={b.reload} />}
      {role === "district_officer" && batch.status === BatchStatus.RATIFIED && <SubmitForm batch={batch} onDone={b.reload} />}
      {role === "province_officer" && batch.status === BatchStatus.SUBMITTED && <ProvinceForm batch={batch} onDone={b.reload} />}
      {role === "central_reviewer" && batch.status === BatchStatus.FORWARDED && <DecideForm batch={batch} onDone={b.reload} />}
      {batch.status === BatchStatus.DECIDED && <DecisionView batchId={batch.batchId} />}
    </Stack>
  );
}

function RatifyForm({ batch, onDone }: { batch: Batch; onDone(): void }) {
  const { t } = useI18n();
  const [letter, setLetter] = useState("");
  const [hash, setHash] = useState("");
  const { send, error, busy } = useSend();
  const ratify = async () => {
    const r = await send(t("batch.ratify"), (requestId, c) =>
      c.review.ratifyBatch({ requestId, batchId: batch.batchId, expectedVersion: batch.version, letterNumber: letter.trim(), letterSha256: normaliseSha256(hash) }));
    if (r) onDone();
  };
  return (
    <Stack>
      <Title order={3} size="h4">{t("batch.ratify")}</Title>
      <TextInput label={t("batch.letterNumber")} required value={letter} onChange={(e) => setLetter(e.currentTarget.value)} data-testid="ratify-letter-number" />
      <HashInput label={t("batch.letterHash")} value={hash} onChange={setHash} testId="ratify-letter-hash" />
      <ErrorAlert error={error} />
      <Button disabled={!letter.trim() || !isSha256Hex(hash)} loading={busy} onClick={() => void ratify()} data-testid="batch-ratify">{t("batch.ratify")}</Button>
    </Stack>
  );
}

function SubmitForm({ batch, onDone }: { batch: Batch; onDone(): void }) {
  const { t } = useI18n();
  const { send, error, busy } = useSend();
  return (
    <Stack>
      <ErrorAlert error={error} />
      <Button loading={busy} data-testid="batch-submit"
        onClick={async () => {
          if (await send(t("batch.submit"), (requestId, c) => c.review.submitBatch({ requestId, batchId: batch.batchId, expectedVersion: batch.version }))) onDone();
        }}>
        {t("batch.submit")}
      </Button>
    </Stack>
  );
}

function ProvinceForm({ batch, onDone }: { batch: Batch; onDone(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const { send, error, busy } = useSend();
  return (
    <Stack>
      <Button loading={busy} data-testid="batch-forward"
        onClick={async () => {
          if (await send(t("batch.forward"), (requestId, c) => c.review.forwardBatch({ requestId, batchId: batch.batchId, expectedVersion: batch.version }))) onDone();
        }}>
        {t("batch.forward")}
      </Button>
      <Textarea label={t("common.reason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="batch-return-reason" />
      <Button color="red" variant="outline" disabled={!reason.trim()} loading={busy} data-testid="batch-return"
        onClick={async () => {
          if (await send(t("batch.return"), (requestId, c) => c.review.returnBatch({ requestId, batchId: batch.batchId, expectedVersion: batch.version, reason: reason.trim() }))) onDone();
        }}>
        {t("batch.return")}
      </Button>
      <ErrorAlert error={error} />
    </Stack>
  );
}

function DecisionView({ batchId }: { batchId: string }) {
  const { clients } = useApp();
  const { t } = useI18n();
  const d = useLoad(() => clients.decision.getDecision({ batchId }), [clients, batchId]);
  if (d.error) return <ErrorAlert error={d.error} />;
  if (!d.data) return null;
  const x = d.data;
  return (
    <Text data-testid="decision">
      {t("decision.result", { id: x.decisionId.slice(0, 8), a: formatNumber(x.acceptedCount), r: formatNumber(x.rejectedCount), t: formatNumber(x.returnedCount) })}
      {" · "}{t("decision.decree")} {x.decreeNumber} · {formatWib(x.decidedAt)}
    </Text>
  );
}
