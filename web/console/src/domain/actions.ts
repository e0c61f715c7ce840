// Which action the console offers for each workflow event the server lists in
// Proposal.allowed_events, which form it opens, and the exact RPC call it makes.
// The console never decides whether an action is allowed: an event missing from
// allowed_events has no button. Events that only the system fires (nik_checked,
// miss_cutoff, lapse, erase_personal_data) have no entry and so no button.
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ProposalRoute, type Household, type Proposal } from "../gen/usulan/v1/common_pb";
import { VisitOutcome } from "../gen/usulan/v1/verification_service_pb";
import type { Clients } from "../api/clients";
import { isSha256Hex, normaliseSha256 } from "./hex";

export type FormKind =
  | "edit" // opens the household editor page (update_draft)
  | "confirm" // a yes/no dialog
  | "reason" // a dialog with a reason
  | "household" // the household editor in correction mode, with a reason
  | "verifier" // the verifier's user id
  | "visit" // the field visit form
  | "finalize" // minutes and by-name list hashes
  | "agenda" // choose an open deliberation
  | "takeUp" // the household editor: the village completes a citizen's household
  | "centralConfirm" // confirm a central change, or decline it with a reason
  | "decideSingle" // accept with a decree number, or reject with a reason code and reason
  | "batchScreen"; // a batch-level step: a link to the screen that does it

export interface ActionSpec {
  event: string;
  form: FormKind;
  /** Service.Method, for the dialog title and logs of the console's developer. */
  rpc: string;
  reasonRequired: boolean;
  /** Where batchScreen actions lead. */
  route?: string;
  /** The i18n key of the button and dialog title (default `event.<event>`). */
  label: string;
  /**
   * The `<id>` of its test ids `action-<id>` and `dialog-<id>` (default: the event;
   * `confirm` is `confirm_central`, as `dialog-confirm` is every dialog's send button).
   */
  testId: string;
  /** When set, the action is offered only for proposals of these routes. */
  routes?: readonly ProposalRoute[];
}

const spec = (event: string, form: FormKind, rpc: string, reasonRequired = false, route?: string): ActionSpec => ({
  event,
  form,
  rpc,
  reasonRequired,
  route,
  label: `event.${event}`,
  testId: event,
});

/**
 * Routes whose CENTRAL_REVIEW proposals Pusdatin decides one by one
 * (DecideProposal): they never climb a batch (docs/lifecycle.md, "Routes into
 * the register"). Every other route's `decide` is a batch decision.
 */
export const singleDecisionRoutes: readonly ProposalRoute[] = [ProposalRoute.CENTRAL, ProposalRoute.PBI_JK];
const batchRoutes = [ProposalRoute.UNSPECIFIED, ProposalRoute.VILLAGE, ProposalRoute.CITIZEN_PROPOSAL, ProposalRoute.CITIZEN_OBJECTION, ProposalRoute.DISTRICT];

/** In the order the buttons appear. */
export const actionTable: readonly ActionSpec[] = [
  spec("update_draft", "edit", "ProposalService.UpdateDraft"),
  spec("submit", "confirm", "ProposalService.SubmitProposal"),
  spec("correct", "household", "ProposalService.CorrectProposal"),
  spec("rework", "household", "ProposalService.CorrectProposal", true),
  spec("deliberate", "agenda", "DeliberationService.AddToAgenda"),
  spec("assign_verifier", "verifier", "VerificationService.AssignVerifier"),
  spec("record_visit", "visit", "VerificationService.RecordVisit"),
  spec("finalize_village", "finalize", "VerificationService.FinalizeVillage"),
  spec("open_review", "confirm", "ReviewService.OpenReview"),
  spec("approve", "confirm", "ReviewService.ApproveProposals"),
  spec("return", "reason", "ReviewService.ReturnProposal", true),
  spec("ratify", "batchScreen", "ReviewService.RatifyBatch", false, "/batches"),
  spec("submit_to_province", "batchScreen", "ReviewService.SubmitBatch", false, "/batches"),
  spec("forward", "batchScreen", "ReviewService.ForwardBatch", false, "/batches"),
  { ...spec("decide", "batchScreen", "DecisionService.DecideBatch", false, "/decisions"), routes: batchRoutes },
  { ...spec("decide", "decideSingle", "DecisionService.DecideProposal"), routes: singleDecisionRoutes },
  { ...spec("take_up", "takeUp", "ProposalService.TakeUpProposal"), label: "action.take_up" },
  { ...spec("decline", "reason", "ProposalService.DeclineProposal", true), label: "action.decline" },
  { ...spec("confirm", "centralConfirm", "ReviewService.ConfirmCentralChange"), testId: "confirm_central" },
  spec("withdraw", "reason", "ProposalService.WithdrawProposal", true),
];

/**
 * The actions to show for a proposal: exactly its allowed events that a person
 * performs, in the form its route takes (a missing route reads as VILLAGE).
 */
export function actionsFor(p: Pick<Proposal, "allowedEvents"> & Partial<Pick<Proposal, "route">>): ActionSpec[] {
  const allowed = new Set(p.allowedEvents);
  const route = p.route ?? ProposalRoute.UNSPECIFIED;
  return actionTable.filter((a) => allowed.has(a.event) && (!a.routes || a.routes.includes(route)));
}

export interface VisitValues {
  outcome: VisitOutcome;
  eligible: boolean;
  visitTime: Date;
  evidenceSha256: string[];
  location?: { latitude: number; longitude: number };
}

/** What the action's dialog collected. */
export interface ActionValues {
  reason?: string;
  verifierId?: string;
  visit?: VisitValues;
  minutesSha256?: string;
  nameListSha256?: string;
  deliberationId?: string;
  deliberationVersion?: bigint;
  household?: Household;
  /** confirm: true confirms the central change, false declines it (reason required). */
  confirmed?: boolean;
  /** decideSingle: true accepts (decree number), false rejects (reason code and reason). */
  accept?: boolean;
  decreeNumber?: string;
  reasonCode?: string;
}

/** Problems (i18n codes by field) that keep the dialog from sending. */
export function actionProblems(a: ActionSpec, v: ActionValues): Record<string, string> {
  const out: Record<string, string> = {};
  if (a.reasonRequired && !v.reason?.trim()) out.reason = "required";
  switch (a.form) {
    case "verifier":
      if (!v.verifierId?.trim()) out.verifierId = "required";
      break;
    case "agenda":
      if (!v.deliberationId) out.deliberationId = "required";
      break;
    case "finalize":
      if (!isSha256Hex(v.minutesSha256 ?? "")) out.minutesSha256 = "hash.hex";
      if (!isSha256Hex(v.nameListSha256 ?? "")) out.nameListSha256 = "hash.hex";
      break;
    case "household":
    case "takeUp":
      if (!v.household) out.household = "required";
      break;
    case "centralConfirm":
      if (v.confirmed === undefined) out.confirmed = "required";
      else if (!v.confirmed && !v.reason?.trim()) out.reason = "required";
      break;
    case "decideSingle":
      if (v.accept === undefined) out.accept = "required";
      else if (v.accept && !v.decreeNumber?.trim()) out.decreeNumber = "required";
      else if (!v.accept) {
        if (!v.reasonCode) out.reasonCode = "required";
        if (!v.reason?.trim()) out.reason = "required";
      }
      break;
    case "visit": {
      const visit = v.visit;
      if (!visit || visit.outcome === VisitOutcome.UNSPECIFIED) out.outcome = "required";
      if (!visit || visit.evidenceSha256.length === 0) out.evidence = "visit.evidenceNeeded";
      else if (!visit.evidenceSha256.every(isSha256Hex)) out.evidence = "hash.hex";
      const positive = visit?.outcome === VisitOutcome.COMPLETED && visit.eligible;
      if (visit && !positive && !v.reason?.trim()) out.reason = "visit.reasonNeeded";
      if (visit && visit.visitTime.getTime() > Date.now()) out.visitTime = "visit.future";
      break;
    }
    default:
      break;
  }
  return out;
}

/**
 * The call an action makes, ready to run (and to re-run with the same request id
 * after a dropped connection). `p` is the proposal as last read: its version is the
 * expected_version, so a change made meanwhile by someone else answers ABORTED
 * instead of being overwritten.
 */
export function buildCall(
  a: ActionSpec,
  p: Pick<Proposal, "proposalId" | "version" | "region">,
  v: ActionValues,
  requestId: string,
): (c: Clients) => Promise<unknown> {
  const base = { requestId, proposalId: p.proposalId, expectedVersion: p.version };
  const ids = { requestId, proposalIds: [p.proposalId] };
  const reason = v.reason?.trim() ?? "";
  switch (a.event) {
    case "submit":
      return (c) => c.proposals.submitProposal(base);
    case "correct":
    case "rework":
      return (c) => c.proposals.correctProposal({ ...base, household: v.household, reason });
    case "withdraw":
      return (c) => c.proposals.withdrawProposal({ ...base, reason });
    case "take_up":
      return (c) => c.proposals.takeUpProposal({ ...base, household: v.household });
    case "decline":
      return (c) => c.proposals.declineProposal({ ...base, reason });
    case "confirm":
      return (c) => c.review.confirmCentralChange({ ...base, confirmed: v.confirmed === true, reason });
    case "deliberate":
      return (c) =>
        c.deliberations.addToAgenda({
          requestId,
          deliberationId: v.deliberationId ?? "",
          expectedVersion: v.deliberationVersion,
          proposalIds: [p.proposalId],
        });
    case "assign_verifier":
      return (c) => c.verification.assignVerifier({ ...ids, verifierId: v.verifierId?.trim() ?? "" });
    case "record_visit": {
      const visit = v.visit!;
      return (c) =>
        c.verification.recordVisit({
          ...base,
          outcome: visit.outcome,
          eligible: visit.outcome === VisitOutcome.COMPLETED && visit.eligible,
          visitTime: timestampFromDate(visit.visitTime),
          evidenceSha256: visit.evidenceSha256.map(normaliseSha256),
          location: visit.location,
          reason,
        });
    }
    case "finalize_village":
      return (c) =>
        c.verification.finalizeVillage({
          ...ids,
          desaCode: p.region?.desaCode ?? "",
          minutesSha256: normaliseSha256(v.minutesSha256 ?? ""),
          nameListSha256: normaliseSha256(v.nameListSha256 ?? ""),
        });
    case "open_review":
      return (c) => c.review.openReview(ids);
    case "approve":
      return (c) => c.review.approveProposals(ids);
    case "return":
      return (c) => c.review.returnProposal({ ...base, reason });
    case "decide":
      if (a.form !== "decideSingle") break;
      return (c) =>
        c.decision.decideProposal({
          ...base,
          accept: v.accept === true,
          decreeNumber: v.accept ? v.decreeNumber?.trim() ?? "" : "",
          reasonCode: v.accept ? "" : v.reasonCode ?? "",
          reason,
        });
    default:
      break;
  }
  throw new Error(`event ${a.event} has no call of its own (form ${a.form})`);
}
