// Central reviewer: proposals Pusdatin decides one by one (routes CENTRAL and
// PBI_JK in CENTRAL_REVIEW, never in a batch); accept or reject on the proposal page.
import { StateQueue } from "../../components/StateQueue";
import { ProposalState } from "../../gen/usulan/v1/common_pb";
import { singleDecisionRoutes } from "../../domain/actions";
import { useI18n } from "../../i18n/i18n";

export default function SingleDecisionsScreen() {
  const { t } = useI18n();
  return (
    <StateQueue title={t("queue.single")} intro={t("queue.singleIntro")} states={[ProposalState.CENTRAL_REVIEW]}
      routes={singleDecisionRoutes} testId="single-queue" />
  );
}
