// Village operator: a new proposal with its household. Sent through the queue, so a
// household typed while the connection drops stays in this page (memory only) and
// is sent with the same request id when the connection returns.
import { Button, Group, NativeSelect, Stack, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { DeactivationReason, ProposalKind } from "../../gen/usulan/v1/common_pb";
import { emptyHousehold, toHousehold, validateHousehold } from "../../domain/household";
import { regionOfDesa } from "../../domain/region";
import { useI18n } from "../../i18n/i18n";
import { HouseholdForm } from "./HouseholdForm";
import { useHouseholdProblems } from "./useHouseholdProblems";

const kinds = [ProposalKind.NEW, ProposalKind.CORRECTION, ProposalKind.DEACTIVATION, ProposalKind.REACTIVATION, ProposalKind.OBJECTION];
const deactivationReasons = [0, 1, 2, 3, 4, 5] as DeactivationReason[];

export default function NewProposalScreen() {
  const { me } = useApp();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [draft, setDraft] = useState(emptyHousehold);
  const [kind, setKind] = useState(ProposalKind.NEW);
  const [reason, setReason] = useState("");
  const [deact, setDeact] = useState(DeactivationReason.UNSPECIFIED);
  const [desa, setDesa] = useState(me.region.length === 10 ? me.region : "");
  const [tried, setTried] = useState(false);
  const { send, error, busy } = useSend();

  const problems = useHouseholdProblems(draft, tried, error);

  const save = async () => {
    setTried(true);
    if (validateHousehold(draft).length > 0) return;
    const household = toHousehold(draft);
    const created = await send(t("new.title"), (requestId, c) =>
      c.proposals.createProposal({ requestId, kind, region: regionOfDesa(desa), household, reason, deactivationReason: deact }));
    if (created) navigate(`/proposals/${created.proposalId}`);
  };

  return (
    <Stack>
      <Title order={2}>{t("new.title")}</Title>
      <Group grow align="flex-start">
        <NativeSelect label={t("hh.kind")} value={String(kind)} disabled={busy}
          onChange={(e) => setKind(Number(e.currentTarget.value) as ProposalKind)}
          data={kinds.map((k) => ({ value: String(k), label: t(`kind.${ProposalKind[k]}`) }))} data-testid="new-kind" />
        <TextInput label={t("delib.desaCode")} value={desa} disabled={busy || me.region.length === 10}
          onChange={(e) => setDesa(e.currentTarget.value.trim())} data-testid="new-desa" />
        {kind === ProposalKind.DEACTIVATION && (
          <NativeSelect label={t("hh.deactivationReason")} value={String(deact)} disabled={busy}
            onChange={(e) => setDeact(Number(e.currentTarget.value) as DeactivationReason)}
            data={deactivationReasons.map((d) => ({ value: String(d), label: t(`deact.${DeactivationReason[d]}`) }))}
            data-testid="new-deactivation-reason" />
        )}
      </Group>
      {kind !== ProposalKind.NEW && (
        <Textarea label={t("common.reason")} required value={reason} disabled={busy}
          onChange={(e) => setReason(e.currentTarget.value)} data-testid="new-reason" />
      )}
      <HouseholdForm value={draft} onChange={setDraft} problems={problems} disabled={busy} />
      {tried && problems.size > 0 && <ErrorAlert error={t("hh.fixFirst")} />}
      <ErrorAlert error={error} />
      <Group>
        <Button onClick={() => void save()} loading={busy} data-testid="save-draft">{t("new.saveDraft")}</Button>
      </Group>
    </Stack>
  );
}
