// Village operator: the citizens' proposals (usul mandiri) of the desa waiting to be
// taken up or declined; each opens on the proposal page, whose "Ambil alih" opens the
// household editor and whose "Tolak" asks for the reason the citizen will read.
import { StateQueue } from "../../components/StateQueue";
import { ProposalState } from "../../gen/usulan/v1/common_pb";
import { useI18n } from "../../i18n/i18n";

export default function CitizenProposalsScreen() {
  const { t } = useI18n();
  return <StateQueue title={t("queue.citizen")} intro={t("queue.citizenIntro")} states={[ProposalState.CITIZEN_PROPOSED]} testId="citizen-queue" />;
}
