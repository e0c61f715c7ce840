// Auditor: verify the hash chain of a region, list the signed checkpoints, and
// open a proposal's history (the server withholds the household from auditors).
import { Button, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { useApp } from "../../app/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLoad } from "../../components/useLoad";
import { AuditFindingKind, type VerifyChainResponse } from "../../gen/usulan/v1/audit_service_pb";
import { formatNumber, formatWib } from "../../domain/format";
import { isRegionCode } from "../../domain/region";
import { okGreen } from "../../components/StateBadge";
import { useI18n } from "../../i18n/i18n";

export default function AuditScreen() {
  const { me, clients } = useApp();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [region, setRegion] = useState(me.region);
  const [proposalId, setProposalId] = useState("");
  const [result, setResult] = useState<VerifyChainResponse>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const checkpoints = useLoad(() => clients.audit.listCheckpoints({ pageSize: 50 }), [clients]);

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await clients.audit.verifyChain({ scope: region ? { case: "regionPrefix", value: region } : { case: "everything", value: true } }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Title order={2}>{t("audit.title")}</Title>
      <section aria-labelledby="verify-h">
        <Title order={3} size="h4" id="verify-h">{t("audit.verify")}</Title>
        <Group align="flex-end">
          <TextInput label={t("audit.region")} value={region} onChange={(e) => setRegion(e.currentTarget.value.trim())}
            error={region !== "" && !isRegionCode(region) ? t("audit.region") : undefined} data-testid="audit-region" />
          <Button onClick={() => void verify()} loading={busy} disabled={region !== "" && !isRegionCode(region)} data-testid="audit-verify">
            {t("audit.run")}
          </Button>
        </Group>
        <ErrorAlert error={error} />
        {result && (
          <Text role="status" c={result.ok ? okGreen : "red"} data-testid="audit-result" data-ok={result.ok}>
            {result.ok
              ? t("audit.ok", { p: formatNumber(result.proposalsChecked), t: formatNumber(result.transitionsChecked), c: formatNumber(result.checkpointsChecked) })
              : t("audit.bad", { n: formatNumber(result.findings.length) })}
          </Text>
        )}
        {result && result.findings.length > 0 && (
          <Table data-testid="audit-findings">
            <Table.Tbody>
              {result.findings.map((f, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{AuditFindingKind[f.kind]}</Table.Td><Table.Td ff="monospace">{f.proposalId}</Table.Td>
                  <Table.Td>{String(f.sequence || f.checkpointSequence)}</Table.Td><Table.Td>{f.detail}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="history-h">
        <Title order={3} size="h4" id="history-h">{t("audit.history")}</Title>
        <Group align="flex-end">
          <TextInput label={t("audit.proposalId")} value={proposalId} onChange={(e) => setProposalId(e.currentTarget.value.trim())} data-testid="audit-proposal-id" w={360} />
          <Button disabled={!/^[0-9a-fA-F-]{36}$/.test(proposalId)} onClick={() => navigate(`/proposals/${proposalId.toLowerCase()}`)} data-testid="audit-open-history">
            {t("common.open")}
          </Button>
        </Group>
      </section>

      <section aria-labelledby="cp-h">
        <Title order={3} size="h4" id="cp-h">{t("audit.checkpoints")}</Title>
        <ErrorAlert error={checkpoints.error} />
        {checkpoints.data && (
          <Table data-testid="checkpoints">
            <Table.Thead>
              <Table.Tr><Table.Th>#</Table.Th><Table.Th>{t("audit.count")}</Table.Th><Table.Th>{t("audit.root")}</Table.Th><Table.Th>{t("common.since")}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {checkpoints.data.checkpoints.map((c) => (
                <Table.Tr key={String(c.sequence)}>
                  <Table.Td>{String(c.sequence)}</Table.Td><Table.Td>{formatNumber(c.transitionCount)}</Table.Td>
                  <Table.Td ff="monospace">{c.merkleRoot.slice(0, 16)}…</Table.Td><Table.Td>{formatWib(c.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
