// A table of proposal summaries (no personal data), optionally selectable, with
// the overdue ones marked.
import { Anchor, Checkbox, Table, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import type { ProposalSummary } from "../gen/usulan/v1/proposal_service_pb";
import { ProposalKind } from "../gen/usulan/v1/common_pb";
import { routeKey } from "../domain/states";
import { daysSince, formatNumber, formatWib } from "../domain/format";
import { overdueDays } from "../domain/queue";
import { useI18n } from "../i18n/i18n";
import { StateBadge } from "./StateBadge";

interface Props {
  rows: ProposalSummary[];
  caption: string;
  selected?: Set<string>;
  onSelect?(next: Set<string>): void;
  now?: Date;
  testId?: string;
  /** A column with the route each proposal entered by. */
  showRoute?: boolean;
}

export function ProposalTable({ rows, caption, selected, onSelect, now = new Date(), testId = "proposal-table", showRoute = false }: Props) {
  const { t } = useI18n();
  if (rows.length === 0) return <Text c="dimmed">{t("common.none")}</Text>;
  const toggle = (id: string) => {
    if (!selected || !onSelect) return;
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  const all = selected !== undefined && rows.every((r) => selected.has(r.proposalId));
  return (
    <Table striped highlightOnHover data-testid={testId}>
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {onSelect && (
            <Table.Th>
              <Checkbox
                aria-label={t("common.selectAll")}
                checked={all}
                onChange={() => onSelect(all ? new Set() : new Set(rows.map((r) => r.proposalId)))}
                data-testid={`${testId}-select-all`}
              />
            </Table.Th>
          )}
          <Table.Th>{t("common.proposal")}</Table.Th>
          <Table.Th>{t("common.kind")}</Table.Th>
          {showRoute && <Table.Th>{t("common.route")}</Table.Th>}
          <Table.Th>{t("common.state")}</Table.Th>
          <Table.Th>{t("common.desa")}</Table.Th>
          <Table.Th>{t("common.members")}</Table.Th>
          <Table.Th>{t("common.since")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => {
          const days = daysSince(r.stateSince, now);
          const late = days > overdueDays;
          return (
            <Table.Tr key={r.proposalId} data-testid={`row-${r.proposalId}`} data-overdue={late || undefined}>
              {onSelect && (
                <Table.Td>
                  <Checkbox
                    aria-label={`${t("common.select")} ${r.proposalId.slice(0, 8)}`}
                    checked={selected?.has(r.proposalId) ?? false}
                    onChange={() => toggle(r.proposalId)}
                    data-testid={`select-${r.proposalId}`}
                  />
                </Table.Td>
              )}
              <Table.Td>
                <Anchor component={Link} to={`/proposals/${r.proposalId}`} ff="monospace" data-testid={`open-${r.proposalId}`}>
                  {r.proposalId.slice(0, 8)}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`kind.${ProposalKind[r.kind]}`)}</Table.Td>
              {showRoute && <Table.Td>{t(`route.${routeKey(r.route)}`)}</Table.Td>}
              <Table.Td><StateBadge state={r.state} /></Table.Td>
              <Table.Td ff="monospace">{r.desaCode}</Table.Td>
              <Table.Td>{formatNumber(r.memberCount)}</Table.Td>
              <Table.Td>
                {formatWib(r.stateSince)}{" "}
                <span className={late ? "overdue" : undefined}>
                  ({t("common.days", { n: formatNumber(days) })}{late ? ` · ${t("common.overdue")}` : ""})
                </span>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
