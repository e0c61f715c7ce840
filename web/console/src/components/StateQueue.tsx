// A queue of proposals in given states (ListProposals over the caller's region),
// keyset-paged, optionally narrowed to some routes (by the server: queuePage) and
// selectable for a bulk step.
import { Button, Loader, Stack, Text, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { useApp } from "../app/context";
import type { ProposalRoute, ProposalState } from "../gen/usulan/v1/common_pb";
import type { ProposalSummary } from "../gen/usulan/v1/proposal_service_pb";
import { queuePage } from "../domain/queue";
import { useI18n } from "../i18n/i18n";
import { ErrorAlert } from "./ErrorAlert";
import { ProposalTable } from "./ProposalTable";
import { useLoad } from "./useLoad";

interface Props {
  title: string;
  intro: string;
  states: ProposalState[];
  routes?: readonly ProposalRoute[];
  testId: string;
  /** A bulk step on the selected rows; given the selection and a reload. */
  bulk?(selected: string[], done: () => void): ReactNode;
}

export function StateQueue({ title, intro, states, routes, testId, bulk }: Props) {
  const { clients } = useApp();
  const { t } = useI18n();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [more, setMore] = useState<{ rows: ProposalSummary[]; token: string }>({ rows: [], token: "" });
  const first = useLoad(async () => {
    const r = await clients.proposals.listProposals(queuePage(states, routes));
    setMore({ rows: [], token: r.nextPageToken });
    setSelected(new Set());
    return r.proposals;
  }, [clients, states.join(","), routes?.join(",")]);
  const loadMore = async () => {
    const r = await clients.proposals.listProposals(queuePage(states, routes, more.token));
    setMore({ rows: [...more.rows, ...r.proposals], token: r.nextPageToken });
  };
  const rows = [...(first.data ?? []), ...more.rows];

  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <Text size="sm">{intro}</Text>
      <ErrorAlert error={first.error} />
      {first.loading ? <Loader /> : (
        <ProposalTable rows={rows} caption={title} testId={testId} showRoute
          selected={bulk ? selected : undefined} onSelect={bulk ? setSelected : undefined} />
      )}
      {more.token && <Button variant="default" onClick={() => void loadMore()} data-testid="load-more">{t("common.more")}</Button>}
      {bulk?.([...selected], first.reload)}
    </Stack>
  );
}
