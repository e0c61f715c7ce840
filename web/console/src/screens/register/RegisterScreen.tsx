// The register (DTKS entries) of the caller's region for the offices: entries by
// status, keyset-paged (ListEntries), and the active/inactive count per desa
// (CountEntries). Entries carry no personal data; an entry opens its history.
import { Anchor, Button, Group, Loader, NativeSelect, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useApp } from "../../app/context";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useLoad } from "../../components/useLoad";
import { EntryStatus, type RegisterEntry } from "../../gen/usulan/v1/register_service_pb";
import { formatNumber, formatWib } from "../../domain/format";
import { useI18n } from "../../i18n/i18n";
import { EntryStatusBadge } from "./EntryStatusBadge";

const entryPageSize = 50;
const filters = [EntryStatus.UNSPECIFIED, EntryStatus.ACTIVE, EntryStatus.INACTIVE];

export default function RegisterScreen() {
  const { clients } = useApp();
  const { t } = useI18n();
  const [status, setStatus] = useState(EntryStatus.UNSPECIFIED);
  const [prefix, setPrefix] = useState("");
  const [region, setRegion] = useState(""); // the prefix as last applied
  const [more, setMore] = useState<{ rows: RegisterEntry[]; token: string }>({ rows: [], token: "" });
  const statuses = status === EntryStatus.UNSPECIFIED ? [] : [status];

  const entries = useLoad(async () => {
    const r = await clients.register.listEntries({ regionPrefix: region, statuses, pageSize: entryPageSize });
    setMore({ rows: [], token: r.nextPageToken });
    return r.entries;
  }, [clients, region, status]);
  const counts = useLoad(() => clients.register.countEntries({ regionPrefix: region }), [clients, region]);
  const loadMore = async () => {
    const r = await clients.register.listEntries({ regionPrefix: region, statuses, pageSize: entryPageSize, pageToken: more.token });
    setMore({ rows: [...more.rows, ...r.entries], token: r.nextPageToken });
  };
  const rows = [...(entries.data ?? []), ...more.rows];

  return (
    <Stack>
      <Title order={2}>{t("register.title")}</Title>
      <Group align="flex-end">
        <NativeSelect label={t("register.status")} value={String(status)} data-testid="register-status"
          onChange={(e) => setStatus(Number(e.currentTarget.value) as EntryStatus)}
          data={filters.map((s) => ({ value: String(s), label: t(`entry.${EntryStatus[s]}`) }))} />
        <TextInput label={t("register.region")} value={prefix} onChange={(e) => setPrefix(e.currentTarget.value.trim())}
          description={t("register.regionHelp")} data-testid="register-region" />
        <Button variant="default" onClick={() => setRegion(prefix)} data-testid="register-apply">{t("register.show")}</Button>
      </Group>

      <ErrorAlert error={entries.error} />
      {entries.loading ? <Loader /> : rows.length === 0 ? <Text c="dimmed">{t("common.none")}</Text> : (
        <Table striped data-testid="register-entries">
          <Table.Caption>{t("register.entries")}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("register.entry")}</Table.Th><Table.Th>{t("common.desa")}</Table.Th>
              <Table.Th>{t("register.status")}</Table.Th><Table.Th>{t("register.since")}</Table.Th>
              <Table.Th>{t("register.desil")}</Table.Th><Table.Th>{t("register.programmes")}</Table.Th>
              <Table.Th>{t("register.updated")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.entryId} data-testid={`entry-row-${e.entryId}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/register/${e.entryId}`} ff="monospace" data-testid={`entry-${e.entryId}`}>{e.entryId.slice(0, 8)}</Anchor>
                </Table.Td>
                <Table.Td ff="monospace">{e.region?.desaCode}</Table.Td>
                <Table.Td><EntryStatusBadge status={e.status} /></Table.Td>
                <Table.Td>{e.sinceCycle}</Table.Td>
                <Table.Td>{e.desil || "—"}</Table.Td>
                <Table.Td>{e.programmes.join(", ") || "—"}</Table.Td>
                <Table.Td>{formatWib(e.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {more.token && <Button variant="default" onClick={() => void loadMore()} data-testid="load-more">{t("common.more")}</Button>}

      <Title order={3}>{t("register.perDesa")}</Title>
      <ErrorAlert error={counts.error} />
      {counts.data && (
        <Table w="auto" data-testid="register-counts">
          <Table.Caption>{counts.data.regionPrefix || t("register.everywhere")} · {formatWib(counts.data.asOf)}</Table.Caption>
          <Table.Thead>
            <Table.Tr><Table.Th>{t("common.desa")}</Table.Th><Table.Th>{t("entry.ACTIVE")}</Table.Th><Table.Th>{t("entry.INACTIVE")}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {counts.data.byDesa.map((d) => (
              <Table.Tr key={d.desaCode} data-testid={`count-desa-${d.desaCode}`}>
                <Table.Td ff="monospace">{d.desaCode}</Table.Td><Table.Td>{formatNumber(d.active)}</Table.Td><Table.Td>{formatNumber(d.inactive)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t("common.total")}</Table.Th>
              <Table.Td>{formatNumber(counts.data.active)}</Table.Td><Table.Td>{formatNumber(counts.data.inactive)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
