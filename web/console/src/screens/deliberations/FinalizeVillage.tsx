// Village head: release the desa's VERIFIED proposals (FinalizeVillage, all or
// none) with the hashes of the minutes and of the signed by-name list.
import { Button, Stack, Title } from "@mantine/core";
import { useState } from "react";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { HashInput } from "../../components/HashInput";
import { ProposalTable } from "../../components/ProposalTable";
import { useLoad } from "../../components/useLoad";
import { ProposalState } from "../../gen/usulan/v1/common_pb";
import { isSha256Hex, normaliseSha256 } from "../../domain/hex";
import { useI18n } from "../../i18n/i18n";

export function FinalizeVillage({ desa }: { desa: string }) {
  const { clients } = useApp();
  const { t } = useI18n();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [minutes, setMinutes] = useState("");
  const [nameList, setNameList] = useState("");
  const { send, error, busy } = useSend();
  const verified = useLoad(
    () => clients.proposals.listProposals({ states: [ProposalState.VERIFIED], regionPrefix: desa, pageSize: 500 }),
    [clients, desa],
  );
  const ready = selected.size > 0 && isSha256Hex(minutes) && isSha256Hex(nameList);

  const finalize = async () => {
    const done = await send(t("delib.finalize"), (requestId, c) =>
      c.verification.finalizeVillage({
        requestId, desaCode: desa, proposalIds: [...selected],
        minutesSha256: normaliseSha256(minutes), nameListSha256: normaliseSha256(nameList),
      }));
    if (done) { setSelected(new Set()); verified.reload(); }
  };

  return (
    <Stack>
      <Title order={3} size="h4">{t("delib.finalize")}</Title>
      <ErrorAlert error={verified.error} />
      {verified.data && (
        <ProposalTable rows={verified.data.proposals} caption={t("state.VERIFIED")} selected={selected} onSelect={setSelected} testId="verified-table" />
      )}
      <HashInput label={t("delib.minutes")} value={minutes} onChange={setMinutes} testId="finalize-minutes" />
      <HashInput label={t("delib.nameList")} value={nameList} onChange={setNameList} testId="finalize-name-list" />
      <ErrorAlert error={error} />
      <Button onClick={() => void finalize()} disabled={!ready} loading={busy} data-testid="finalize-village">
        {t("delib.finalize")}
      </Button>
    </Stack>
  );
}
