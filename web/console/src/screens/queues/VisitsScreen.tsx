// District officer: proposals waiting for a field verifier — citizens' objections
// (OBJECTION_FILED, to be verified within 14 days) and the district's own proposals
// (AWAITING_VISIT) — with one verifier assigned to the selected ones at once.
import { Button, Group, TextInput } from "@mantine/core";
import { useState } from "react";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StateQueue } from "../../components/StateQueue";
import { ProposalState } from "../../gen/usulan/v1/common_pb";
import { useI18n } from "../../i18n/i18n";

export default function VisitsScreen() {
  const { t } = useI18n();
  return (
    <StateQueue title={t("queue.visits")} intro={t("queue.visitsIntro")}
      states={[ProposalState.OBJECTION_FILED, ProposalState.AWAITING_VISIT]} testId="visit-queue"
      bulk={(ids, done) => <AssignVerifier ids={ids} done={done} />} />
  );
}

function AssignVerifier({ ids, done }: { ids: string[]; done(): void }) {
  const { t } = useI18n();
  const { send, error, busy } = useSend();
  const [verifier, setVerifier] = useState("");
  const assign = async () => {
    const r = await send(t("event.assign_verifier"), (requestId, c) =>
      c.verification.assignVerifier({ requestId, proposalIds: ids, verifierId: verifier.trim() }));
    if (r) done();
  };
  return (
    <>
      <Group align="flex-end">
        <TextInput label={t("verif.verifierId")} required value={verifier}
          onChange={(e) => setVerifier(e.currentTarget.value)} data-testid="verifier-id" />
        <Button disabled={ids.length === 0 || !verifier.trim()} loading={busy} onClick={() => void assign()} data-testid="visit-assign">
          {t("event.assign_verifier")} ({t("common.selected", { n: ids.length })})
        </Button>
      </Group>
      <ErrorAlert error={error} />
    </>
  );
}
