import { Badge } from "@mantine/core";
import { ProposalState } from "../gen/usulan/v1/common_pb";
import { stateKey, terminalStates } from "../domain/states";
import { useI18n } from "../i18n/i18n";

/** A green with at least 4.5:1 contrast on white and on light green (WCAG AA). */
export const okGreen = "#1b5e20";

export function StateBadge({ state }: { state: ProposalState }) {
  const { t } = useI18n();
  const color = state === ProposalState.ACCEPTED ? "green" : terminalStates.has(state) ? "gray" : "blue";
  // Mantine's darkest green on its light badge is 3.9:1; this green reaches 4.5:1.
  return <Badge color={color} c={state === ProposalState.ACCEPTED ? okGreen : undefined} variant="light" data-state={stateKey(state)}>{t(`state.${stateKey(state)}`)}</Badge>;
}
