// The heading of a record's page (a proposal, a register entry): its id in
// monospace and its status badge at the right.
import { Group, Title } from "@mantine/core";
import type { ReactNode } from "react";

export function RecordHeader({ title, badge }: { title: string; badge: ReactNode }) {
  return (
    <Group justify="space-between">
      <Title order={2} ff="monospace">{title}</Title>
      {badge}
    </Group>
  );
}
