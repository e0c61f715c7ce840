// District officer: Pusdatin's changes from central data (the death list) waiting
// for the district's confirmation; confirm or decline on the proposal page.
import { StateQueue } from "../../components/StateQueue";
import { ProposalState } from "../../gen/usulan/v1/common_pb";
import { useI18n } from "../../i18n/i18n";

export default function ConfirmationsScreen() {
  const { t } = useI18n();
  return <StateQueue title={t("queue.confirm")} intro={t("queue.confirmIntro")} states={[ProposalState.AWAITING_CONFIRMATION]} testId="confirm-queue" />;
}
