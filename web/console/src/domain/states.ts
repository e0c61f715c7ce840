// The lifecycle as the console draws it (DESIGN.md section 3): the main path from
// entry to the decree, and the side states each step can branch to. Drawing only;
// which moves are allowed is the server's answer (Proposal.allowed_events).
import { ProposalRoute, ProposalState } from "../gen/usulan/v1/common_pb";

export const mainPath: ProposalState[] = [
  ProposalState.DRAFT,
  ProposalState.SUBMITTED,
  ProposalState.PRELIST,
  ProposalState.AGREED,
  ProposalState.IN_VERIFICATION,
  ProposalState.VERIFIED,
  ProposalState.VILLAGE_FINAL,
  ProposalState.DISTRICT_REVIEW,
  ProposalState.DISTRICT_APPROVED,
  ProposalState.RATIFIED,
  ProposalState.PROVINCE_REVIEW,
  ProposalState.CENTRAL_REVIEW,
  ProposalState.ACCEPTED,
];

/** The side state drawn under a main-path state. */
export const branches: Partial<Record<ProposalState, ProposalState>> = {
  [ProposalState.SUBMITTED]: ProposalState.NIK_MISMATCH,
  [ProposalState.PRELIST]: ProposalState.REJECTED_IN_DELIBERATION,
  [ProposalState.IN_VERIFICATION]: ProposalState.NOT_ELIGIBLE,
  [ProposalState.VILLAGE_FINAL]: ProposalState.DEFERRED,
  [ProposalState.DISTRICT_REVIEW]: ProposalState.RETURNED,
  [ProposalState.CENTRAL_REVIEW]: ProposalState.REJECTED,
};

export const terminalStates = new Set<ProposalState>([
  ProposalState.REJECTED_IN_DELIBERATION,
  ProposalState.NOT_ELIGIBLE,
  ProposalState.ACCEPTED,
  ProposalState.REJECTED,
  ProposalState.WITHDRAWN,
  ProposalState.DECLINED,
]);

/** Every real state, in lifecycle order (UNSPECIFIED left out). */
export const allStates: ProposalState[] = [
  ProposalState.DRAFT,
  ProposalState.SUBMITTED,
  ProposalState.NIK_MISMATCH,
  ProposalState.PRELIST,
  ProposalState.REJECTED_IN_DELIBERATION,
  ProposalState.AGREED,
  ProposalState.IN_VERIFICATION,
  ProposalState.NOT_ELIGIBLE,
  ProposalState.VERIFIED,
  ProposalState.VILLAGE_FINAL,
  ProposalState.DEFERRED,
  ProposalState.DISTRICT_REVIEW,
  ProposalState.RETURNED,
  ProposalState.DISTRICT_APPROVED,
  ProposalState.RATIFIED,
  ProposalState.PROVINCE_REVIEW,
  ProposalState.CENTRAL_REVIEW,
  ProposalState.ACCEPTED,
  ProposalState.REJECTED,
  ProposalState.WITHDRAWN,
  // Machine version 4: the entry and waiting states of the other routes.
  ProposalState.CITIZEN_PROPOSED,
  ProposalState.OBJECTION_FILED,
  ProposalState.AWAITING_VISIT,
  ProposalState.AWAITING_CONFIRMATION,
  ProposalState.DECLINED,
];

/** Every real route (how a proposal entered), UNSPECIFIED left out. */
export const allRoutes: ProposalRoute[] = [
  ProposalRoute.VILLAGE,
  ProposalRoute.CITIZEN_PROPOSAL,
  ProposalRoute.CITIZEN_OBJECTION,
  ProposalRoute.DISTRICT,
  ProposalRoute.CENTRAL,
  ProposalRoute.PBI_JK,
];

/** The route's proto name without prefix ("PBI_JK"), the key of its label. */
export function routeKey(route: ProposalRoute): string {
  return ProposalRoute[route] ?? "UNSPECIFIED";
}

/** The enum's proto name without prefix ("DISTRICT_REVIEW"), the key of its label. */
export function stateKey(state: ProposalState): string {
  return ProposalState[state] ?? "UNSPECIFIED";
}
