// A citizen's page (/warga), laid out for a phone: "Status rumah tangga saya"
// (HouseholdStatus.tsx), "Usulkan rumah tangga" (an usul
// mandiri: their own household, whose KK the server takes from their account, or
// another household of their desa; members, address, a house photo), "Ajukan
// sanggahan" (ObjectionForm.tsx) and "Usulan saya" (what became of everything
// they filed, objections included, in the server's own words). The
// household typed here lives in this page's memory only: nothing personal goes
// to the browser's storage.
import { Badge, Button, Card, Group, Radio, Stack, Text, Textarea, Title } from "@mantine/core";
import { useCallback, useEffect, useState } from "react";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert, errorText } from "../../components/ErrorAlert";
import { HashInput } from "../../components/HashInput";
import { emptyHousehold, toHousehold, validateHousehold } from "../../domain/household";
import type { Filing } from "../../gen/usulan/v1/citizen_service_pb";
import { ProposalKind } from "../../gen/usulan/v1/common_pb";
import { useI18n } from "../../i18n/i18n";
import { HouseholdForm } from "../household/HouseholdForm";
import { useHouseholdProblems } from "../household/useHouseholdProblems";
import { HouseholdStatus } from "./HouseholdStatus";
import { ObjectionForm } from "./ObjectionForm";

function whoseLabel(filing: Filing): "citizen.objection" | "citizen.own" | "citizen.other" {
  if (filing.kind === ProposalKind.OBJECTION) return "citizen.objection";
  return filing.ownHousehold ? "citizen.own" : "citizen.other";
}

function FilingCard({ filing }: { filing: Filing }) {
  const { t } = useI18n();
  const filed = filing.filedAt ? new Date(Number(filing.filedAt.seconds) * 1000).toLocaleDateString("id-ID") : "";
  return (
    <Card withBorder padding="sm" data-testid="filing">
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} data-testid="filing-status">{filing.statusText}</Text>
          <Badge variant="light" data-testid="filing-kind">{t(whoseLabel(filing))}</Badge>
        </Group>
        {filing.reasonText !== "" && (
          <Text size="sm" data-testid="filing-reason">{t("citizen.reason")}: {filing.reasonText}</Text>
        )}
        {filing.memberNames.length > 0 && (
          <Text size="sm">{t("citizen.members")}: {filing.memberNames.join(", ")}</Text>
        )}
        <Text size="xs" c="dimmed">{t("citizen.filedAt")} {filed}</Text>
      </Stack>
    </Card>
  );
}

export default function CitizenScreen() {
  const { clients } = useApp();
  const { t } = useI18n();
  const [own, setOwn] = useState("own");
  const [draft, setDraft] = useState(emptyHousehold);
  const [reason, setReason] = useState("");
  const [photo, setPhoto] = useState("");
  const [tried, setTried] = useState(false);
  const [filings, setFilings] = useState<Filing[]>();
  const [listError, setListError] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  const { send, error, busy } = useSend();
  // One's own KK is the account's: its problems are not the citizen's to fix.
  const ownKk = (path: string) => own === "own" && path === "household.kk_number";
  const allProblems = useHouseholdProblems(draft, tried, error);
  const problems = new Map([...allProblems].filter(([path]) => !ownKk(path)));

  const load = useCallback(() => {
    clients.citizens.listMyFilings({ pageSize: 50 }).then(
      (r) => { setFilings(r.filings); setListError(undefined); },
      (e: unknown) => setListError(errorText(e)),
    );
  }, [clients]);
  useEffect(load, [load]);

  const file = async () => {
    setTried(true);
    if (validateHousehold(draft).some((p) => !ownKk(p.path)) || photo === "") return;
    const household = toHousehold(draft);
    if (own === "own") household.kkNumber = "";
    const filed = await send(t("citizen.file"), (requestId, c) =>
      c.citizens.fileProposal({ requestId, household, reason, documentHashes: [photo], ownHousehold: own === "own" }));
    if (filed) {
      setDraft(emptyHousehold);
      setReason("");
      setPhoto("");
      setTried(false);
      load();
    }
  };

  return (
    <Stack className="citizen" gap="lg">
      <HouseholdStatus refresh={refresh} />
      <section aria-labelledby="citizen-file-title">
        <Stack gap="sm">
          <Title order={2} id="citizen-file-title">{t("citizen.file")}</Title>
          <Text size="sm">{t("citizen.fileHelp")}</Text>
          <Radio.Group value={own} onChange={setOwn} label={t("citizen.whose")} data-testid="citizen-whose">
            <Stack gap={4} mt={4}>
              <Radio value="own" label={t("citizen.own")} data-testid="citizen-own" />
              <Radio value="other" label={t("citizen.other")} data-testid="citizen-other" />
            </Stack>
          </Radio.Group>
          <HouseholdForm value={draft} onChange={setDraft}
            problems={problems} disabled={busy} hideKk={own === "own"} />
          <Textarea label={t("citizen.why")} value={reason} disabled={busy}
            onChange={(e) => setReason(e.currentTarget.value)} data-testid="citizen-reason" />
          <HashInput label={t("citizen.photo")} value={photo} onChange={setPhoto} testId="citizen-photo"
            error={tried && photo === "" ? t("citizen.photoRequired") : undefined} />
          {tried && problems.size > 0 && <ErrorAlert error={t("hh.fixFirst")} />}
          <ErrorAlert error={error} />
          <Group>
            <Button onClick={() => void file()} loading={busy} data-testid="citizen-submit">{t("citizen.submit")}</Button>
          </Group>
        </Stack>
      </section>
      <ObjectionForm onFiled={() => { load(); setRefresh((n) => n + 1); }} />
      <section aria-labelledby="citizen-mine-title">
        <Stack gap="sm">
          <Title order={2} id="citizen-mine-title">{t("citizen.mine")}</Title>
          <ErrorAlert error={listError} />
          {filings?.length === 0 && <Text size="sm">{t("citizen.none")}</Text>}
          {filings?.map((f) => <FilingCard key={f.proposalId} filing={f} />)}
        </Stack>
      </section>
    </Stack>
  );
}
