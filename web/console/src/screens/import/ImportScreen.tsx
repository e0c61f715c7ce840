// Village operator: CSV import of a pre-list through ImportProposals, with a
// progress bar and each row's result. One request id per file: a dropped
// connection resends the same import and the server answers the rows it already
// accepted as replayed (never twice).
import { Anchor, Button, FileInput, Group, Progress, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useApp } from "../../app/context";
import { useSend } from "../../app/useSend";
import { ErrorAlert } from "../../components/ErrorAlert";
import { importProposals } from "../../api/stream";
import type { ImportRowResult } from "../../gen/usulan/v1/proposal_service_pb";
import { householdsFromCsv, type CsvProblem, type ImportRow } from "../../domain/csv";
import { formatNumber } from "../../domain/format";
import { useI18n } from "../../i18n/i18n";

export default function ImportScreen() {
  const { me } = useApp();
  const { t } = useI18n();
  // One attempt per file: a resend after a dropped connection resumes the import.
  const { send, error, busy, attempt } = useSend();
  const [desa, setDesa] = useState(me.region.length === 10 ? me.region : "");
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [csvProblems, setCsvProblems] = useState<CsvProblem[]>([]);
  const [results, setResults] = useState<Map<bigint, ImportRowResult>>(new Map());

  const read = async (file: File | null) => {
    setResults(new Map());
    attempt.renew();
    if (!file) { setRows([]); return; }
    const parsed = householdsFromCsv(await file.text(), desa);
    setRows(parsed.rows);
    setCsvProblems(parsed.problems);
  };

  const start = () =>
    send(t("import.title"), async (requestId) => {
      for await (const r of importProposals(requestId, rows)) {
        setResults((prev) => new Map(prev).set(r.rowNumber, r));
      }
    });

  const done = results.size;
  return (
    <Stack>
      <Title order={2}>{t("import.title")}</Title>
      <Text size="sm">{t("import.help")}</Text>
      <Group align="flex-end">
        <TextInput label={t("delib.desaCode")} value={desa} disabled={me.region.length === 10 || busy}
          onChange={(e) => setDesa(e.currentTarget.value.trim())} data-testid="import-desa" />
        <FileInput label={t("import.file")} accept=".csv,text/csv" onChange={(f) => void read(f)} disabled={busy}
          clearable clearButtonProps={{ "aria-label": t("import.clear") }} data-testid="import-file" w={320} />
        <Button onClick={() => void start()} disabled={rows.length === 0} loading={busy} data-testid="import-start">
          {done > 0 && done < rows.length ? t("import.resume") : t("import.start")}
        </Button>
      </Group>
      {csvProblems.length > 0 && (
        <ErrorAlert error={`${t("import.parseErrors")}: ${csvProblems.map((p) => `${p.line}: ${p.message}`).join("; ")}`} />
      )}
      {rows.length > 0 && (
        <>
          <Progress value={(done / rows.length) * 100} size="lg" aria-label={t("import.progress", { done, total: rows.length })}
            data-testid="import-progress" />
          <Text size="sm" role="status">{t("import.progress", { done: formatNumber(done), total: formatNumber(rows.length) })}</Text>
        </>
      )}
      <ErrorAlert error={error} />
      {results.size > 0 && (
        <Table data-testid="import-results">
          <Table.Thead>
            <Table.Tr><Table.Th>{t("import.row")}</Table.Th><Table.Th>{t("import.result")}</Table.Th><Table.Th>{t("common.proposal")}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...results.values()].sort((a, b) => (a.rowNumber < b.rowNumber ? -1 : 1)).map((r) => (
              <Table.Tr key={String(r.rowNumber)} data-testid={`import-row-${r.rowNumber}`} data-ok={r.code === 0 || undefined}>
                <Table.Td>{String(r.rowNumber)}</Table.Td>
                <Table.Td c={r.code === 0 ? undefined : "red"}>
                  {r.code === 0 ? t(r.replayed ? "import.replayed" : "import.accepted") : r.message}
                </Table.Td>
                <Table.Td>
                  {r.proposalId && <Anchor component={Link} to={`/proposals/${r.proposalId}`} ff="monospace">{r.proposalId.slice(0, 8)}</Anchor>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
