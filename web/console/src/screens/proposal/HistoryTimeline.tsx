// A proposal's audit trail as a timeline: who (actor, role, region), what (event,
// from -> to), why (reason) and the evidence, each hash a link to its document.
import { Anchor, Badge, Group, Text, Timeline } from "@mantine/core";
import { useState } from "react";
import { downloadDocument } from "../../api/documents";
import { errorText } from "../../components/ErrorAlert";
import type { Transition } from "../../gen/usulan/v1/common_pb";
import { formatWib } from "../../domain/format";
import { stateKey } from "../../domain/states";
import { useI18n } from "../../i18n/i18n";

export function HistoryTimeline({ proposalId, transitions }: { proposalId: string; transitions: Transition[] }) {
  const { t } = useI18n();
  const [docError, setDocError] = useState<string>();
  const open = (hash: string) => {
    setDocError(undefined);
    downloadDocument(proposalId, hash).then(
      (blob) => window.open(URL.createObjectURL(blob), "_blank", "noopener"),
      (e: unknown) => setDocError(errorText(e)),
    );
  };
  return (
    <>
      {docError && <Text c="red" role="alert">{docError}</Text>}
      <Timeline active={transitions.length - 1} bulletSize={14} lineWidth={2} data-testid="history">
        {transitions.map((tr) => (
          <Timeline.Item
            key={String(tr.sequence)}
            title={`${t(`event.${tr.event}`)} · ${t(`state.${stateKey(tr.fromState)}`)} → ${t(`state.${stateKey(tr.toState)}`)}`}
            data-testid={`history-${tr.sequence}`}
          >
            <Text size="sm">{formatWib(tr.at)}</Text>
            <Text size="sm">
              {t("history.actor")}: <span data-testid="history-actor">{tr.actorId}</span> · {t(`role.${tr.role}`)}
              {tr.regionCode ? ` · ${tr.regionCode}` : ""}
            </Text>
            {tr.reason && <Text size="sm">{t("common.reason")}: {tr.reason}</Text>}
            {Object.entries(tr.attributes).length > 0 && (
              <Group gap={4}>
                {Object.entries(tr.attributes).map(([k, v]) => <Badge key={k} variant="outline" size="sm" tt="none">{k}: {v}</Badge>)}
              </Group>
            )}
            {tr.evidenceHashes.length > 0 && (
              <Text size="sm">
                {t("history.evidence")}:{" "}
                {tr.evidenceHashes.map((h) => (
                  <Anchor key={h} component="button" type="button" ff="monospace" mr="xs" onClick={() => open(h)}
                    aria-label={t("history.download", { hash: h.slice(0, 12) })} data-testid={`evidence-${h}`}>
                    {h.slice(0, 12)}…
                  </Anchor>
                ))}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </>
  );
}
