// "Cek status" (/cek-status): the public status check as Cek Bansos offers it
// (docs/public-status.md), for anyone, without signing in, laid out for a
// 360-px phone: the four region codes of the desa and the full name as on the
// KTP; the answer is masked names, status and programmes, or "not listed". The
// name lives in this page's memory only: nothing is written to the browser's
// storage. The server checks everything again (codes, name, limits).
import { Alert, Anchor, Badge, Button, Card, Container, Group, SegmentedControl, Stack, Text, TextInput, Title } from "@mantine/core";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { useMemo, useState, type FormEvent } from "react";
import { ErrorAlert } from "../../components/ErrorAlert";
import { EntryStatus } from "../../gen/usulan/v1/register_service_pb";
import { PublicStatusService, type PublicStatusMatch } from "../../gen/usulan/v1/public_status_service_pb";
import { useI18n } from "../../i18n/i18n";

const codeFields = [
  { key: "province", digits: 2 },
  { key: "kabupaten", digits: 4 },
  { key: "kecamatan", digits: 6 },
  { key: "desa", digits: 10 },
] as const;
type CodeKey = (typeof codeFields)[number]["key"];

function MatchCard({ match }: { match: PublicStatusMatch }) {
  const { t } = useI18n();
  const active = match.status === EntryStatus.ACTIVE;
  return (
    <Card withBorder padding="sm" data-testid="status-match">
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} data-testid="status-name">{match.maskedName}</Text>
          <Badge color={active ? "green.9" : "gray.8"} data-testid="status-state">
            {t(active ? "public.active" : "public.inactive")}
          </Badge>
        </Group>
        {match.programmes.length > 0 && (
          <Text size="sm">{t("public.programmes")}: {match.programmes.join(", ")}</Text>
        )}
        <Text size="sm">{t("public.since")} {match.sinceCycle}</Text>
        <Text size="xs" c="dimmed" data-testid="status-entry">{t("public.entryId")}: {match.entryId}</Text>
      </Stack>
    </Card>
  );
}

export default function PublicStatusScreen() {
  const { t, lang, setLang } = useI18n();
  // No session: a plain transport, same origin, no sign-in redirect.
  const client = useMemo(
    () => createClient(PublicStatusService, createConnectTransport({ baseUrl: window.location.origin })),
    [],
  );
  const [codes, setCodes] = useState<Record<CodeKey, string>>({ province: "", kabupaten: "", kecamatan: "", desa: "" });
  const [name, setName] = useState("");
  const [matches, setMatches] = useState<PublicStatusMatch[]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const check = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setMatches(undefined);
    try {
      const answer = await client.checkStatus({
        provinceCode: codes.province.trim(),
        kabupatenCode: codes.kabupaten.trim(),
        kecamatanCode: codes.kecamatan.trim(),
        desaCode: codes.desa.trim(),
        // Precomposed letters, as the server compares them.
        fullName: name.normalize("NFC"),
      });
      setMatches(answer.matches);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container size={480} p="md">
      <main>
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Title order={1} size="h3">{t("public.title")}</Title>
            <SegmentedControl size="xs" aria-label={t("lang.switch")} value={lang}
              onChange={(v) => setLang(v as typeof lang)}
              data={[{ value: "id", label: "ID" }, { value: "en", label: "EN" }]} />
          </Group>
          <Text size="sm">{t("public.help")}</Text>
          <form onSubmit={check} noValidate>
            <Stack gap="sm">
              {codeFields.map((f) => (
                <TextInput key={f.key} label={t(`public.${f.key}`)} description={t("public.digits", { n: f.digits })}
                  inputMode="numeric" autoComplete="off" maxLength={f.digits} required
                  value={codes[f.key]} data-testid={`status-${f.key}`}
                  onChange={(ev) => { const v = ev.currentTarget.value; setCodes((c) => ({ ...c, [f.key]: v })); }} />
              ))}
              <TextInput label={t("public.name")} description={t("public.nameHelp")} autoComplete="off"
                maxLength={100} required value={name} data-testid="status-full-name"
                onChange={(ev) => setName(ev.currentTarget.value)} />
              <Button type="submit" loading={busy} data-testid="status-check">{t("public.check")}</Button>
            </Stack>
          </form>
          <ErrorAlert error={error} />
          <div aria-live="polite" data-testid="status-result">
            {matches !== undefined && matches.length === 0 && (
              <Alert color="gray" title={t("public.notListed")} data-testid="status-not-listed">
                {t("public.notListedHelp")}
              </Alert>
            )}
            {matches !== undefined && matches.length > 0 && (
              <Stack gap="xs">{matches.map((m, i) => <MatchCard key={i} match={m} />)}</Stack>
            )}
          </div>
          <Anchor href="/" size="sm">{t("public.signIn")}</Anchor>
        </Stack>
      </main>
    </Container>
  );
}
