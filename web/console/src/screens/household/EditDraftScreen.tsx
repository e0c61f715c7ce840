// Village operator: edit a DRAFT's household (UpdateDraft, with the version read).
import { Button, Group, Loader, Stack, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLoad } from "../../components/useLoad";
import { fromHousehold, toHousehold, validateHousehold, type HouseholdDraft } from "../../domain/household";
import { useI18n } from "../../i18n/i18n";
import { HouseholdForm } from "./HouseholdForm";
import { useHouseholdProblems } from "./useHouseholdProblems";

export default function EditDraftScreen() {
  const { id = "" } = useParams();
  const { clients } = useApp();
  const { t } = useI18n();
  const navigate = useNavigate();
  const loaded = useLoad(() => clients.proposals.getProposal({ proposalId: id }), [clients, id]);
  const [draft, setDraft] = useState<HouseholdDraft>();
  const [tried, setTried] = useState(false);
  const { send, error, busy } = useSend();
  useEffect(() => {
    if (loaded.data) setDraft(fromHousehold(loaded.data.household));
  }, [loaded.data]);

  const problems = useHouseholdProblems(draft, tried, error);

  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!loaded.data || !draft) return <Loader />;
  const p = loaded.data;

  const save = async () => {
    setTried(true);
    if (validateHousehold(draft).length > 0) return;
    const household = toHousehold(draft);
    const saved = await send(t("edit.title"), (requestId, c) =>
      c.proposals.updateDraft({ requestId, proposalId: p.proposalId, expectedVersion: p.version, household, reason: p.reason, deactivationReason: p.deactivationReason }));
    if (saved) navigate(`/proposals/${saved.proposalId}`);
  };

  return (
    <Stack>
      <Title order={2}>{t("edit.title")}</Title>
      <HouseholdForm value={draft} onChange={setDraft} problems={problems} disabled={busy} />
      <ErrorAlert error={error} />
      <Group>
        <Button onClick={() => void save()} loading={busy} data-testid="save-draft">{t("common.save")}</Button>
      </Group>
    </Stack>
  );
}
