// "Ajukan sanggahan": a citizen's objection to a listed household of their desa
// (FileObjection). Citizens cannot list the register, so the household is named
// by its DTSEN id, as the public status check (/cek-status) shows it under each
// listed name, or as the household's own page shows it. The house photo is
// uploaded (DocumentService) and cited by its SHA-256; the point comes from the
// browser's geolocation, or is typed when that is refused or unavailable. The
// server checks everything again (desa, status, Indonesia's bounding box); this
// form only saves a round trip. Held in this page's memory, never in storage.
import { Button, Group, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { HashInput } from "../../components/HashInput";
import { useI18n } from "../../i18n/i18n";

const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

// A typed coordinate as a number, or undefined when it is not one.
function degrees(text: string): number | undefined {
  const value = Number(text.trim().replace(",", "."));
  return text.trim() === "" || !Number.isFinite(value) ? undefined : value;
}

export function ObjectionForm({ onFiled }: { onFiled(): void }) {
  const { t } = useI18n();
  const { send, error, busy } = useSend();
  const [entry, setEntry] = useState("");
  const [reason, setReason] = useState("");
  const [photo, setPhoto] = useState("");
  const [latitude, setLatitude] = useState("");
  const [longitude, setLongitude] = useState("");
  const [locating, setLocating] = useState(false);
  const [locateProblem, setLocateProblem] = useState<string>();
  const [tried, setTried] = useState(false);

  const locate = () => {
    setLocateProblem(undefined);
    if (!("geolocation" in navigator)) { setLocateProblem(t("citizen.locateFailed")); return; }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLatitude(p.coords.latitude.toFixed(6));
        setLongitude(p.coords.longitude.toFixed(6));
        setLocating(false);
      },
      () => { setLocateProblem(t("citizen.locateFailed")); setLocating(false); },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  };

  const lat = degrees(latitude);
  const lon = degrees(longitude);
  const entryProblem = tried && !uuid.test(entry.trim()) ? t("citizen.objectEntryRequired") : undefined;
  const reasonProblem = tried && reason.trim() === "" ? t("citizen.objectWhyRequired") : undefined;
  const pointProblem = tried && (lat === undefined || lon === undefined) ? t("citizen.pointRequired") : undefined;

  const file = async () => {
    setTried(true);
    if (!uuid.test(entry.trim()) || reason.trim() === "" || photo === "" || lat === undefined || lon === undefined) return;
    const filed = await send(t("citizen.object"), (requestId, c) =>
      c.citizens.fileObjection({
        requestId, registerEntryId: entry.trim().toLowerCase(), reason, documentHashes: [photo], latitude: lat, longitude: lon,
      }));
    if (filed) {
      setEntry("");
      setReason("");
      setPhoto("");
      setLatitude("");
      setLongitude("");
      setTried(false);
      onFiled();
    }
  };

  return (
    <section aria-labelledby="citizen-object-title">
      <Stack gap="sm">
        <Title order={2} id="citizen-object-title">{t("citizen.object")}</Title>
        <Text size="sm">{t("citizen.objectHelp")}</Text>
        <TextInput label={t("citizen.objectEntry")} value={entry} disabled={busy} required
          onChange={(e) => setEntry(e.currentTarget.value)} error={entryProblem} data-testid="objection-entry" />
        <Textarea label={t("citizen.objectWhy")} value={reason} disabled={busy} required
          onChange={(e) => setReason(e.currentTarget.value)} error={reasonProblem} data-testid="objection-reason" />
        <HashInput label={t("citizen.photo")} value={photo} onChange={setPhoto} testId="objection-photo"
          error={tried && photo === "" ? t("citizen.photoRequired") : undefined} />
        <Group align="flex-end" gap="xs" grow>
          <TextInput label={t("citizen.latitude")} value={latitude} disabled={busy} inputMode="decimal"
            onChange={(e) => setLatitude(e.currentTarget.value)} data-testid="objection-latitude" />
          <TextInput label={t("citizen.longitude")} value={longitude} disabled={busy} inputMode="decimal"
            onChange={(e) => setLongitude(e.currentTarget.value)} data-testid="objection-longitude" />
        </Group>
        <Group>
          <Button variant="light" onClick={locate} loading={locating} disabled={busy} data-testid="objection-locate">
            {t("citizen.locate")}
          </Button>
        </Group>
        <ErrorAlert error={pointProblem ?? locateProblem} />
        <ErrorAlert error={error} />
        <Group>
          <Button onClick={() => void file()} loading={busy} data-testid="objection-submit">{t("citizen.objectSubmit")}</Button>
        </Group>
      </Stack>
    </section>
  );
}
