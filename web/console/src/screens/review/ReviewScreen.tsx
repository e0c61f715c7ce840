// Dinsos (district_officer): open the review of released village lists, approve
// many at once, return one with a reason, and seal a batch of approved proposals.
import { Button, Group, Modal, Stack, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StateSection } from "../../components/StateSection";
import { ProposalState } from "../../gen/usulan/v1/common_pb";
import type { ProposalSummary } from "../../gen/usulan/v1/proposal_service_pb";
import { useI18n } from "../../i18n/i18n";

export default function ReviewScreen() {
  const { me } = useApp();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [generation, setGeneration] = useState(0);
  const [kabupaten, setKabupaten] = useState(me.region.slice(0, 4));
  const [returning, setReturning] = useState<ProposalSummary>();
  const { send, error, busy } = useSend();
  const changed = () => setGeneration((g) => g + 1);
  const ids = (s: ProposalSummary[]) => s.map((p) => p.proposalId);

  return (
    <Stack>
      <Title order={2}>{t("review.title")}</Title>
      <ErrorAlert error={error} />
      <StateSection title={t("review.toOpen")} states={[ProposalState.VILLAGE_FINAL, ProposalState.DEFERRED]} testId="to-open" generation={generation}>
        {(sel, clear) => (
          <Button disabled={sel.length === 0} loading={busy} data-testid="review-open"
            onClick={async () => {
              if (await send(t("event.open_review"), (requestId, c) => c.review.openReview({ requestId, proposalIds: ids(sel) }))) { clear(); changed(); }
            }}>
            {t("review.openSelected")} ({t("common.selected", { n: sel.length })})
          </Button>
        )}
      </StateSection>
      <StateSection title={t("review.toApprove")} states={[ProposalState.DISTRICT_REVIEW]} testId="to-approve" generation={generation}>
        {(sel, clear) => (
          <Group>
            <Button disabled={sel.length === 0} loading={busy} data-testid="review-approve"
              onClick={async () => {
                if (await send(t("event.approve"), (requestId, c) => c.review.approveProposals({ requestId, proposalIds: ids(sel) }))) { clear(); changed(); }
              }}>
              {t("review.approveSelected")} ({t("common.selected", { n: sel.length })})
            </Button>
            <Button color="red" variant="outline" disabled={sel.length !== 1} onClick={() => setReturning(sel[0])} data-testid="review-return">
              {t("event.return")}
            </Button>
          </Group>
        )}
      </StateSection>
      <StateSection title={t("review.approved")} states={[ProposalState.DISTRICT_APPROVED]} testId="to-seal" generation={generation}>
        {(sel) => (
          <Group align="flex-end">
            <TextInput label={t("review.kabupaten")} value={kabupaten} onChange={(e) => setKabupaten(e.currentTarget.value.trim())}
              disabled={me.region.length >= 4} data-testid="seal-kabupaten" />
            <Button disabled={sel.length === 0} loading={busy} data-testid="review-seal"
              onClick={async () => {
                const b = await send(t("review.sealSelected"), (requestId, c) => c.review.createBatch({ requestId, kabupatenCode: kabupaten, proposalIds: ids(sel) }));
                if (b) navigate(`/batches/${b.batchId}`);
              }}>
              {t("review.sealSelected")} ({t("common.selected", { n: sel.length })})
            </Button>
          </Group>
        )}
      </StateSection>
      {returning && <ReturnDialog proposal={returning} onClose={() => setReturning(undefined)} onDone={() => { setReturning(undefined); changed(); }} />}
    </Stack>
  );
}

function ReturnDialog({ proposal, onClose, onDone }: { proposal: ProposalSummary; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const { send, error, busy } = useSend();
  const submit = async () => {
    const r = await send(t("event.return"), (requestId, c) =>
      c.review.returnProposal({ requestId, proposalId: proposal.proposalId, expectedVersion: proposal.version, reason: reason.trim() }));
    if (r) onDone();
  };
  return (
    <Modal opened lockScroll={false} onClose={onClose} closeButtonProps={{ "aria-label": t("common.close") }} title={`${t("event.return")} ${proposal.proposalId.slice(0, 8)}`} data-testid="dialog-return">
      <Stack>
        <Textarea label={t("common.reason")} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="action-reason" />
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="dialog-cancel">{t("common.cancel")}</Button>
          <Button color="red" disabled={!reason.trim()} loading={busy} onClick={() => void submit()} data-testid="dialog-confirm">{t("event.return")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
