import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ProposalRoute, ProposalState } from "../gen/usulan/v1/common_pb";
import { ListProposalsRequestSchema } from "../gen/usulan/v1/proposal_service_pb";
import { singleDecisionRoutes } from "./actions";
import { pageSize, queuePage } from "./queue";

describe("queuePage", () => {
  it("asks the server for the routes of \"Keputusan tunggal\" on every page", () => {
    const first = create(ListProposalsRequestSchema, queuePage([ProposalState.CENTRAL_REVIEW], singleDecisionRoutes));
    expect(first.states).toEqual([ProposalState.CENTRAL_REVIEW]);
    expect(first.routes).toEqual([ProposalRoute.CENTRAL, ProposalRoute.PBI_JK]);
    expect(first.pageSize).toBe(pageSize);
    expect(first.pageToken).toBe("");
    const next = create(ListProposalsRequestSchema, queuePage([ProposalState.CENTRAL_REVIEW], singleDecisionRoutes, "tok"));
    expect(next.routes).toEqual(first.routes);
    expect(next.pageToken).toBe("tok");
  });
  it("leaves the route filter empty (every route) when a queue names none", () => {
    const page = create(ListProposalsRequestSchema, queuePage([ProposalState.OBJECTION_FILED, ProposalState.AWAITING_VISIT]));
    expect(page.routes).toEqual([]);
    expect(page.states).toEqual([ProposalState.OBJECTION_FILED, ProposalState.AWAITING_VISIT]);
  });
});
