// A section listing the proposals in some states with a selectable table, and the
// buttons acting on the selection (given by the screen).
import { Stack, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { useApp } from "../app/context";
import type { ProposalState } from "../gen/usulan/v1/common_pb";
import type { ProposalSummary } from "../gen/usulan/v1/proposal_service_pb";
import { ErrorAlert } from "./ErrorAlert";
import { ProposalTable } from "./ProposalTable";
import { useLoad } from "./useLoad";

interface Props {
  title: string;
  states: ProposalState[];
  testId: string;
  /** Bumped by the screen after a change so every section reloads. */
  generation: number;
  children(selection: ProposalSummary[], clear: () => void): ReactNode;
}

export function StateSection({ title, states, testId, generation, children }: Props) {
  const { clients } = useApp();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const list = useLoad(() => clients.proposals.listProposals({ states, pageSize: 500 }), [clients, generation, ...states]);
  const rows = list.data?.proposals ?? [];
  const selection = rows.filter((r) => selected.has(r.proposalId));
  return (
    <Stack component="section" aria-label={title}>
      <Title order={3} size="h4">{title}</Title>
      <ErrorAlert error={list.error} />
      <ProposalTable rows={rows} caption={title} selected={selected} onSelect={setSelected} testId={testId} />
      {rows.length > 0 && children(selection, () => setSelected(new Set()))}
    </Stack>
  );
}
