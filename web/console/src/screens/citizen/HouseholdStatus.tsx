// "Status rumah tangga saya": the register entry of the account's KK as the server
// answers it (GetMyHousehold): status in plain Bahasa Indonesia, programmes, desil,
// the cycle and decree that listed it, the members' names masked (never a NIK). A
// KK in no entry reads as the server's own sentence. Nothing is stored in the
// browser.
import { Code, ConnectError } from "@connectrpc/connect";
import { Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useApp } from "../../app/context";
import { errorText } from "../../components/ErrorAlert";
import { EntryStatus } from "../../gen/usulan/v1/register_service_pb";
import type { MyHousehold } from "../../gen/usulan/v1/citizen_service_pb";
import { useI18n } from "../../i18n/i18n";

export function HouseholdStatus({ refresh }: { refresh: number }) {
  const { clients } = useApp();
  const { t } = useI18n();
  const [household, setHousehold] = useState<MyHousehold>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    clients.citizens.getMyHousehold({}).then(
      (h) => { setHousehold(h); setProblem(undefined); },
      // NOT_FOUND is an answer, not a failure: the server's own sentence.
      (e: unknown) => {
        setHousehold(undefined);
        setProblem(e instanceof ConnectError && e.code === Code.NotFound ? e.rawMessage : errorText(e));
      },
    );
  }, [clients, refresh]);

  return (
    <section aria-labelledby="citizen-household-title">
      <Stack gap="sm">
        <Title order={2} id="citizen-household-title">{t("citizen.household")}</Title>
        <Text size="sm">{t("citizen.householdHelp")}</Text>
        {problem !== undefined && <Text size="sm" data-testid="household-missing">{problem}</Text>}
        {household && (
          <Card withBorder padding="sm" data-testid="household">
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600} data-testid="household-status">{household.statusText}</Text>
                <Badge color={household.status === EntryStatus.ACTIVE ? "green" : "gray"} variant="light">
                  {household.desaCode}
                </Badge>
              </Group>
              <Text size="sm">{t("citizen.programmes")}: {household.programmes.length > 0 ? household.programmes.join(", ") : t("citizen.noProgramme")}</Text>
              {household.desil > 0 && <Text size="sm">{t("citizen.desil")}: {household.desil}</Text>}
              <Text size="sm">{t("citizen.since")} {household.sinceCycle} · {t("citizen.decree")} {household.listedDecree}</Text>
              <Text size="sm" data-testid="household-members">{t("citizen.members")}: {household.maskedNames.join(", ")}</Text>
              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {t("citizen.entryId")}: <span data-testid="household-entry">{household.entryId}</span>
              </Text>
            </Stack>
          </Card>
        )}
      </Stack>
    </section>
  );
}
