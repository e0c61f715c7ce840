// Village head: the desa's deliberations, and opening a new Musdes/Muskel.
import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLoad } from "../../components/useLoad";
import { DeliberationKind, DeliberationStatus } from "../../gen/usulan/v1/deliberation_service_pb";
import { formatNumber, wibIsoDate } from "../../domain/format";
import { useI18n } from "../../i18n/i18n";
import { FinalizeVillage } from "./FinalizeVillage";

export default function DeliberationsScreen() {
  const { me, clients } = useApp();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [kind, setKind] = useState(DeliberationKind.MUSDES);
  const [desa, setDesa] = useState(me.region.length === 10 ? me.region : "");
  const [date, setDate] = useState(() => wibIsoDate(new Date()));
  const { send, error, busy } = useSend();
  const list = useLoad(() => clients.deliberations.listDeliberations({ pageSize: 100 }), [clients]);

  const open = async () => {
    const d = await send(t("delib.open"), (requestId, c) =>
      c.deliberations.openDeliberation({ requestId, kind, desaCode: desa, meetingDate: date }));
    if (d) navigate(`/deliberations/${d.deliberationId}`);
  };

  return (
    <Stack>
      <Title order={2}>{t("delib.title")}</Title>
      <ErrorAlert error={list.error} />
      {list.data && (
        <Table data-testid="deliberations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("delib.date")}</Table.Th><Table.Th>{t("delib.kind")}</Table.Th><Table.Th>{t("common.desa")}</Table.Th>
              <Table.Th>{t("common.state")}</Table.Th><Table.Th>{t("delib.agenda")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.deliberations.map((d) => (
              <Table.Tr key={d.deliberationId}>
                <Table.Td>
                  <Anchor component={Link} to={`/deliberations/${d.deliberationId}`} data-testid={`deliberation-${d.deliberationId}`}>{d.meetingDate}</Anchor>
                </Table.Td>
                <Table.Td>{t(`delib.${DeliberationKind[d.kind]}`)}</Table.Td>
                <Table.Td ff="monospace">{d.desaCode}</Table.Td>
                <Table.Td><Badge variant="light">{t(`delib.${DeliberationStatus[d.status]}`)}</Badge></Table.Td>
                <Table.Td>{formatNumber(d.agenda.length)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Title order={3} size="h4">{t("delib.open")}</Title>
      <Group align="flex-end">
        <NativeSelect label={t("delib.kind")} value={String(kind)} onChange={(e) => setKind(Number(e.currentTarget.value) as DeliberationKind)}
          data={[DeliberationKind.MUSDES, DeliberationKind.MUSKEL].map((k) => ({ value: String(k), label: t(`delib.${DeliberationKind[k]}`) }))}
          data-testid="delib-kind" />
        <TextInput label={t("delib.desaCode")} value={desa} disabled={me.region.length === 10}
          onChange={(e) => setDesa(e.currentTarget.value.trim())} data-testid="delib-desa" />
        <TextInput type="date" label={t("delib.date")} value={date} onChange={(e) => setDate(e.currentTarget.value)} data-testid="delib-date" />
        <Button onClick={() => void open()} loading={busy} data-testid="delib-open">{t("delib.open")}</Button>
      </Group>
      <ErrorAlert error={error} />

      <FinalizeVillage desa={desa} />
    </Stack>
  );
}
