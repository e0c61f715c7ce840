// The proposal's lifecycle as a flow of states, the current one highlighted (and
// announced to screen readers). Side states sit under the step they branch from.
import { ProposalState } from "../gen/usulan/v1/common_pb";
import { branches, mainPath, stateKey } from "../domain/states";
import { useI18n } from "../i18n/i18n";

export function LifecycleDiagram({ current }: { current: ProposalState }) {
  const { t } = useI18n();
  const node = (s: ProposalState, side = false) => (
    <span
      className={`node${side ? " side" : ""}${s === current ? " current" : ""}`}
      aria-current={s === current ? "step" : undefined}
      data-testid={s === current ? "lifecycle-current" : undefined}
    >
      {t(`state.${stateKey(s)}`)}
      {s === current && <span className="skip-link"> ({t("proposal.current")})</span>}
    </span>
  );
  return (
    <ol className="lifecycle" aria-label={t("proposal.lifecycle")}>
      {mainPath.map((s, i) => (
        <li key={s}>
          <span className="step">
            {node(s)}
            {i < mainPath.length - 1 && <span className="arrow" aria-hidden="true">→</span>}
          </span>
          {branches[s] !== undefined && node(branches[s]!, true)}
        </li>
      ))}
      <li>{node(ProposalState.WITHDRAWN, true)}</li>
    </ol>
  );
}
