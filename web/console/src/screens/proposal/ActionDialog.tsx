// The dialog of one action on a proposal: collects what its RPC needs, then sends
// it through the queue (request id made when the dialog opens, reused by retries;
// the expected version is the one the page read).
import { Button, Checkbox, Group, Modal, NativeSelect, Radio, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { HashInput } from "../../components/HashInput";
import { useLoad } from "../../components/useLoad";
import type { Proposal } from "../../gen/usulan/v1/common_pb";
import { DeliberationStatus } from "../../gen/usulan/v1/deliberation_service_pb";
import { VisitOutcome } from "../../gen/usulan/v1/verification_service_pb";
import { actionProblems, buildCall, type ActionSpec, type ActionValues } from "../../domain/actions";
import { parseWibLocal, wibLocalInput } from "../../domain/format";
import { splitHashes } from "../../domain/hex";
import { formatPoint } from "../../domain/location";
import { fromHousehold, toHousehold, validateHousehold } from "../../domain/household";
import { useI18n } from "../../i18n/i18n";
import { rejectReasonCodes } from "../decisions/DecideForm";
import { HouseholdForm } from "../household/HouseholdForm";
import { useHouseholdProblems } from "../household/useHouseholdProblems";

interface Props {
  action: ActionSpec;
  proposal: Proposal;
  onClose(): void;
  onDone(): void;
}

const outcomes = [VisitOutcome.UNSPECIFIED, VisitOutcome.COMPLETED, VisitOutcome.HOUSEHOLD_NOT_FOUND, VisitOutcome.MOVED, VisitOutcome.PART_OF_OTHER_HOUSEHOLD, VisitOutcome.DUPLICATE];

export function ActionDialog({ action, proposal, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { send, error, busy } = useSend();
  const [reason, setReason] = useState("");
  const [verifierId, setVerifierId] = useState("");
  const [minutes, setMinutes] = useState("");
  const [nameList, setNameList] = useState("");
  const [deliberationId, setDeliberationId] = useState("");
  const [household, setHousehold] = useState(() => fromHousehold(proposal.household));
  const [outcome, setOutcome] = useState(VisitOutcome.UNSPECIFIED);
  const [eligible, setEligible] = useState(true);
  const [visitTime, setVisitTime] = useState(() => wibLocalInput(new Date()));
  const [photos, setPhotos] = useState("");
  const [photo, setPhoto] = useState("");
  const [location, setLocation] = useState<{ latitude: number; longitude: number }>();
  const [gpsError, setGpsError] = useState<string>();
  const [tried, setTried] = useState(false);
  // Two-way choices (confirm/decline, accept/reject): "" until the person chooses.
  const [choice, setChoice] = useState("");
  const [decree, setDecree] = useState("");
  const [reasonCode, setReasonCode] = useState("");
  const editsHousehold = action.form === "household" || action.form === "takeUp";

  const deliberations = useDeliberations(action.form === "agenda", proposal.region?.desaCode ?? "");

  const values: ActionValues = {
    reason,
    verifierId,
    minutesSha256: minutes,
    nameListSha256: nameList,
    deliberationId,
    deliberationVersion: deliberations.data?.find((d) => d.deliberationId === deliberationId)?.version,
    household: editsHousehold && validateHousehold(household).length === 0 ? toHousehold(household) : undefined,
    visit: action.form === "visit"
      ? { outcome, eligible, visitTime: parseWibLocal(visitTime) ?? new Date(NaN), evidenceSha256: splitHashes(photos), location }
      : undefined,
    confirmed: action.form === "centralConfirm" && choice ? choice === "yes" : undefined,
    accept: action.form === "decideSingle" && choice ? choice === "yes" : undefined,
    decreeNumber: decree,
    reasonCode,
  };
  const problems = tried ? actionProblems(action, values) : {};
  const hhProblems = useHouseholdProblems(editsHousehold ? household : undefined, tried, error);
  const msg = (k: string) => (problems[k] ? t(problems[k]) : undefined);

  const submit = async () => {
    setTried(true);
    if (Object.keys(actionProblems(action, values)).length > 0) return;
    // The queue hands every retry the same request id.
    const answer = await send(t(action.label), (requestId, c) => buildCall(action, proposal, values, requestId)(c));
    if (answer !== undefined) onDone();
  };

  const locate = () => {
    setGpsError(undefined);
    navigator.geolocation.getCurrentPosition(
      (pos) => setLocation({ latitude: pos.coords.latitude, longitude: pos.coords.longitude }),
      () => setGpsError(t("verif.gpsNone")),
      { enableHighAccuracy: true, timeout: 30_000 },
    );
  };

  return (
    <Modal opened lockScroll={false} onClose={onClose} closeButtonProps={{ "aria-label": t("common.close") }} title={t(action.label)} size={editsHousehold ? "100%" : "lg"} data-testid={`dialog-${action.testId}`}>
      <Stack>
        {action.form === "confirm" && <Text>{t(action.label)}: {proposal.proposalId}</Text>}
        {action.form === "takeUp" && <Text size="sm">{t("takeUp.intro")}</Text>}
        {editsHousehold && (
          <HouseholdForm value={household} onChange={setHousehold} problems={hhProblems} mismatch={proposal.nikMismatchMembers} disabled={busy} />
        )}
        {action.form === "verifier" && (
          <TextInput label={t("verif.verifierId")} required value={verifierId} error={msg("verifierId")}
            onChange={(e) => setVerifierId(e.currentTarget.value)} data-testid="verifier-id" />
        )}
        {action.form === "agenda" && (
          <NativeSelect label={t("delib.chooseOpen")} required value={deliberationId} error={msg("deliberationId")}
            onChange={(e) => setDeliberationId(e.currentTarget.value)} data-testid="agenda-deliberation"
            data={[{ value: "", label: "—" }, ...(deliberations.data ?? []).map((d) => ({ value: d.deliberationId, label: `${d.meetingDate} · ${d.deliberationId.slice(0, 8)}` }))]} />
        )}
        {action.form === "finalize" && (
          <>
            <HashInput label={t("delib.minutes")} value={minutes} onChange={setMinutes} error={msg("minutesSha256")} testId="finalize-minutes" />
            <HashInput label={t("delib.nameList")} value={nameList} onChange={setNameList} error={msg("nameListSha256")} testId="finalize-name-list" />
          </>
        )}
        {action.form === "visit" && (
          <>
            <NativeSelect label={t("verif.outcome")} required value={String(outcome)} error={msg("outcome")}
              onChange={(e) => setOutcome(Number(e.currentTarget.value) as VisitOutcome)} data-testid="visit-outcome"
              data={outcomes.map((o) => ({ value: String(o), label: t(`visit.${VisitOutcome[o]}`) }))} />
            {outcome === VisitOutcome.COMPLETED && (
              <Checkbox label={t("verif.eligible")} checked={eligible} onChange={(e) => setEligible(e.currentTarget.checked)} data-testid="visit-eligible" />
            )}
            <TextInput type="datetime-local" label={`${t("verif.time")} (WIB)`} required value={visitTime} error={msg("visitTime")}
              onChange={(e) => setVisitTime(e.currentTarget.value)} data-testid="visit-time" />
            <Textarea label={t("verif.photos")} value={photos} autosize minRows={2} error={msg("evidence")}
              onChange={(e) => setPhotos(e.currentTarget.value)} classNames={{ input: "mono" }} data-testid="visit-photos" />
            <HashInput label={t("doc.upload")} value={photo} required={false} testId="visit-photo"
              onChange={(h) => { setPhoto(""); setPhotos((p) => (p.trim() ? `${p.trim()}\n${h}` : h)); }} />
            <Group>
              <Button variant="default" onClick={locate} data-testid="visit-gps">{t("verif.gps")}</Button>
              <Text size="sm" data-testid="visit-location">
                {location ? formatPoint(location) : gpsError ?? ""}
              </Text>
            </Group>
          </>
        )}
        {(action.form === "centralConfirm" || action.form === "decideSingle") && (
          <Radio.Group label={t(`${action.form}.choice`)} required value={choice} onChange={setChoice}
            error={msg(action.form === "centralConfirm" ? "confirmed" : "accept")} data-testid="action-choice">
            <Group mt="xs">
              <Radio value="yes" label={t(`${action.form}.yes`)} data-testid="choice-yes" />
              <Radio value="no" label={t(`${action.form}.no`)} data-testid="choice-no" />
            </Group>
          </Radio.Group>
        )}
        {action.form === "decideSingle" && choice === "yes" && (
          <TextInput label={t("decision.decree")} required value={decree} error={msg("decreeNumber")}
            onChange={(e) => setDecree(e.currentTarget.value)} data-testid="decide-decree" />
        )}
        {action.form === "decideSingle" && choice === "no" && (
          <NativeSelect label={t("decision.reasonCode")} required value={reasonCode} error={msg("reasonCode")}
            onChange={(e) => setReasonCode(e.currentTarget.value)} data-testid="decide-reason-code"
            data={[{ value: "", label: "—" }, ...rejectReasonCodes]} />
        )}
        {(action.form === "reason" || action.form === "household" || action.form === "visit" || choice === "no") && (
          <Textarea label={t("common.reason")} required={action.reasonRequired || choice === "no"} value={reason} error={msg("reason")}
            onChange={(e) => setReason(e.currentTarget.value)} data-testid="action-reason" />
        )}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="dialog-cancel">{t("common.cancel")}</Button>
          <Button onClick={() => void submit()} loading={busy} data-testid="dialog-confirm">{t("common.send")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The desa's open deliberations, for putting a proposal on an agenda. */
function useDeliberations(enabled: boolean, desa: string) {
  const { clients } = useApp();
  return useLoad(async () => {
    if (!enabled) return [];
    const r = await clients.deliberations.listDeliberations({ regionPrefix: desa, status: DeliberationStatus.OPEN, pageSize: 100 });
    return r.deliberations;
  }, [clients, enabled, desa]);
}
