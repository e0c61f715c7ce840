// A new proposal with its household: a village operator's (route VILLAGE), or a
// district officer's "Usulan Dinsos" (route DISTRICT for a desa of its kabupaten, or
// PBI_JK: the reactivation of a register entry with the health facility's letter).
// Kinds other than NEW name their register entry (`?entry=` fills it in). Sent
// through the queue, so a household typed while the connection drops stays in this
// page (memory only) and is sent with the same request id when the connection returns.
import { Button, Group, NativeSelect, Stack, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { HashInput } from "../../components/HashInput";
import { DeactivationReason, ProposalKind, ProposalRoute } from "../../gen/usulan/v1/common_pb";
import { normaliseSha256 } from "../../domain/hex";
import { emptyHousehold, toHousehold, validateHousehold } from "../../domain/household";
import { regionOfDesa } from "../../domain/region";
import { useI18n } from "../../i18n/i18n";
import { HouseholdForm } from "./HouseholdForm";
import { useHouseholdProblems } from "./useHouseholdProblems";

// OBJECTION is the citizens' own route (CitizenService.FileObjection): the offices'
// routes refuse it (workflow::RouteTakesKind), so it is not offered here.
const kinds = [ProposalKind.NEW, ProposalKind.CORRECTION, ProposalKind.DEACTIVATION, ProposalKind.REACTIVATION];
const deactivationReasons = [0, 1, 2, 3, 4, 5] as DeactivationReason[];
const districtRoutes = [ProposalRoute.DISTRICT, ProposalRoute.PBI_JK];

export default function NewProposalScreen() {
  const { me } = useApp();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const district = me.role === "district_officer";
  const [route, setRoute] = useState(() =>
    !district ? ProposalRoute.VILLAGE : params.get("route") === "PBI_JK" ? ProposalRoute.PBI_JK : ProposalRoute.DISTRICT);
  const pbiJk = route === ProposalRoute.PBI_JK;
  const [entry, setEntry] = useState(params.get("entry") ?? "");
  const [letter, setLetter] = useState("");
  const [draft, setDraft] = useState(emptyHousehold);
  const [chosenKind, setKind] = useState(ProposalKind.NEW);
  // A PBI-JK proposal is always a reactivation.
  const kind = pbiJk ? ProposalKind.REACTIVATION : chosenKind;
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
      c.proposals.createProposal({
        requestId, kind, region: regionOfDesa(desa), household, reason, deactivationReason: deact,
        route: district ? route : ProposalRoute.UNSPECIFIED,
        registerEntryId: kind === ProposalKind.NEW ? "" : entry.trim(),
        documentHashes: pbiJk && letter ? [normaliseSha256(letter)] : [],
      }));
    if (created) navigate(`/proposals/${created.proposalId}`);
  };

  return (
    <Stack>
      <Title order={2}>{t(district ? "new.districtTitle" : "new.title")}</Title>
      {district && (
        <NativeSelect label={t("common.route")} value={String(route)} disabled={busy} w="fit-content"
          onChange={(e) => setRoute(Number(e.currentTarget.value) as ProposalRoute)}
          data={districtRoutes.map((r) => ({ value: String(r), label: t(`route.${ProposalRoute[r]}`) }))} data-testid="new-route" />
      )}
      <Group grow align="flex-start">
        <NativeSelect label={t("hh.kind")} value={String(kind)} disabled={busy || pbiJk}
          onChange={(e) => setKind(Number(e.currentTarget.value) as ProposalKind)}
          data={kinds.map((k) => ({ value: String(k), label: t(`kind.${ProposalKind[k]}`) }))} data-testid="new-kind" />
        <TextInput label={t("delib.desaCode")} value={desa} disabled={busy || me.region.length === 10}
          onChange={(e) => setDesa(e.currentTarget.value.trim())} data-testid="new-desa" />
        {kind !== ProposalKind.NEW && (
          <TextInput label={t("new.entry")} required value={entry} disabled={busy} classNames={{ input: "mono" }}
            onChange={(e) => setEntry(e.currentTarget.value)} data-testid="new-entry" />
        )}
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
      {pbiJk && <HashInput label={t("new.letter")} value={letter} onChange={setLetter} testId="new-letter" />}
      <HouseholdForm value={draft} onChange={setDraft} problems={problems} disabled={busy} />
      {tried && problems.size > 0 && <ErrorAlert error={t("hh.fixFirst")} />}
      <ErrorAlert error={error} />
      <Group>
        <Button onClick={() => void save()} loading={busy} data-testid="save-draft">{t("new.saveDraft")}</Button>
      </Group>
    </Stack>
  );
}
