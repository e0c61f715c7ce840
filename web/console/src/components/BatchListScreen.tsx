// A screen listing batches from one loader (ListBatches, ListIncomingBatches).
import { Loader, Stack, Title } from "@mantine/core";
import type { Clients } from "../api/clients";
import { useApp } from "../app/context";
import type { ListBatchesResponse } from "../gen/usulan/v1/batch_pb";
import { BatchTable } from "./BatchTable";
import { ErrorAlert } from "./ErrorAlert";
import { useLoad } from "./useLoad";

export function BatchListScreen({ title, load }: { title: string; load(c: Clients): Promise<ListBatchesResponse> }) {
  const { clients } = useApp();
  const list = useLoad(() => load(clients), [clients]);
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <ErrorAlert error={list.error} />
      {list.loading ? <Loader /> : <BatchTable batches={list.data?.batches ?? []} />}
    </Stack>
  );
}
