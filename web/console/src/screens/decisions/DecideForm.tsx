// Pusdatin: decide a forwarded batch — accept all except the listed members, each
// rejected with a reason code or returned to the district, with the decree.
import { Button, NativeSelect, Stack, Table, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { HashInput } from "../../components/HashInput";
import type { Batch } from "../../gen/usulan/v1/batch_pb";
import { ExceptionAction } from "../../gen/usulan/v1/decision_service_pb";
import { formatNumber } from "../../domain/format";
import { isSha256Hex, normaliseSha256 } from "../../domain/hex";
import { useI18n } from "../../i18n/i18n";

export const rejectReasonCodes = ["NOT_POOR", "DUPLICATE", "DECEASED", "INELIGIBLE_OCCUPATION", "INCOMPLETE_DATA", "OUT_OF_QUOTA", "OTHER"];

interface Exception { action: ExceptionAction; reasonCode: string; reason: string }

export function DecideForm({ batch, onDone }: { batch: Batch; onDone(): void }) {
  const { t } = useI18n();
  const [decree, setDecree] = useState("");
  const [decreeHash, setDecreeHash] = useState("");
  const [exceptions, setExceptions] = useState<Record<string, Exception>>({});
  const { send, error, busy } = useSend();
  const open = batch.members.filter((m) => m.open);
  const set = (id: string, patch: Partial<Exception>) =>
    setExceptions((e) => ({ ...e, [id]: { ...(e[id] ?? { action: ExceptionAction.UNSPECIFIED, reasonCode: "", reason: "" }), ...patch } }));
  const listed = Object.entries(exceptions).filter(([, e]) => e.action !== ExceptionAction.UNSPECIFIED);
  const complete = listed.every(([, e]) => e.reason.trim() && (e.action !== ExceptionAction.REJECT || e.reasonCode));
  const ready = decree.trim() !== "" && (decreeHash === "" || isSha256Hex(decreeHash)) && complete;

  const decide = async () => {
    const r = await send(t("decision.decide"), (requestId, c) =>
      c.decision.decideBatch({
        requestId, batchId: batch.batchId, expectedVersion: batch.version, decreeNumber: decree.trim(),
        decreeSha256: decreeHash ? normaliseSha256(decreeHash) : "",
        exceptions: listed.map(([proposalId, e]) => ({ proposalId, action: e.action, reasonCode: e.action === ExceptionAction.REJECT ? e.reasonCode : "", reason: e.reason.trim() })),
      }));
    if (r) onDone();
  };

  return (
    <Stack>
      <Title order={3} size="h4">{t("decision.decide")}</Title>
      <TextInput label={t("decision.decree")} required value={decree} onChange={(e) => setDecree(e.currentTarget.value)} data-testid="decide-decree" />
      <HashInput label={t("decision.decreeHash")} value={decreeHash} onChange={setDecreeHash} required={false} testId="decide-decree-hash" />
      <Table data-testid="decide-exceptions">
        <Table.Caption>{t("decision.exceptions")} ({formatNumber(listed.length)})</Table.Caption>
        <Table.Thead>
          <Table.Tr><Table.Th>{t("common.proposal")}</Table.Th><Table.Th>{t("decision.exceptions")}</Table.Th><Table.Th>{t("decision.reasonCode")}</Table.Th><Table.Th>{t("common.reason")}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {open.map((m) => {
            const e = exceptions[m.proposalId];
            const short = m.proposalId.slice(0, 8);
            return (
              <Table.Tr key={m.proposalId}>
                <Table.Td ff="monospace">{short}</Table.Td>
                <Table.Td>
                  <NativeSelect aria-label={`${t("decision.exceptions")} ${short}`} value={String(e?.action ?? 0)}
                    onChange={(ev) => set(m.proposalId, { action: Number(ev.currentTarget.value) as ExceptionAction })}
                    data={[
                      { value: "0", label: t("decision.accept") },
                      { value: String(ExceptionAction.REJECT), label: t("decision.REJECT") },
                      { value: String(ExceptionAction.RETURN_TO_DISTRICT), label: t("decision.RETURN_TO_DISTRICT") },
                    ]}
                    data-testid={`exception-${m.proposalId}`} />
                </Table.Td>
                <Table.Td>
                  {e?.action === ExceptionAction.REJECT && (
                    <NativeSelect aria-label={`${t("decision.reasonCode")} ${short}`} value={e.reasonCode}
                      onChange={(ev) => set(m.proposalId, { reasonCode: ev.currentTarget.value })}
                      data={[{ value: "", label: "—" }, ...rejectReasonCodes]} data-testid={`exception-code-${m.proposalId}`} />
                  )}
                </Table.Td>
                <Table.Td>
                  {e && e.action !== ExceptionAction.UNSPECIFIED && (
                    <TextInput aria-label={`${t("common.reason")} ${short}`} required value={e.reason}
                      onChange={(ev) => set(m.proposalId, { reason: ev.currentTarget.value })} data-testid={`exception-reason-${m.proposalId}`} />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <ErrorAlert error={error} />
      <Button disabled={!ready} loading={busy} onClick={() => void decide()} data-testid="batch-decide">{t("decision.decide")}</Button>
    </Stack>
  );
}
