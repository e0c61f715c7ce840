import { Badge } from "@mantine/core";
import { ProposalState } from "../gen/usulan/v1/common_pb";
import { stateKey, terminalStates } from "../domain/states";
import { useI18n } from "../i18n/i18n";

export function StateBadge({ state }: { state: ProposalState }) {
  const { t } = useI18n();
  const color = state === ProposalState.ACCEPTED ? "green" : terminalStates.has(state) ? "gray" : "blue";
  return <Badge color={color} variant="light" data-state={stateKey(state)}>{t(`state.${stateKey(state)}`)}</Badge>;
}
