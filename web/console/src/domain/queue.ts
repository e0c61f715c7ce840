// The work-queue conventions the console shows.
import type { ProposalRoute, ProposalState } from "../gen/usulan/v1/common_pb";

/** A proposal longer than this in one state is marked overdue (the server's overdue_days filter). */
export const overdueDays = 14;

/** Page size of the work queue (the server allows 1..500). */
export const pageSize = 100;

/**
 * A page of a queue of proposals in `states` that entered by one of `routes`
 * (empty: every route): the server filters by route (ListProposals `routes`), so
 * every page is a full page of the queue and "load more" pages on with the same
 * filter.
 */
export function queuePage(states: readonly ProposalState[], routes: readonly ProposalRoute[] = [], pageToken = "") {
  return { states: [...states], routes: [...routes], pageSize, pageToken };
}
