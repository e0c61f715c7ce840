import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { ProposalState } from "../gen/usulan/v1/common_pb";
import { ProposalSummarySchema } from "../gen/usulan/v1/proposal_service_pb";
import { tallyByDesa } from "./dashboard";

const now = new Date("2026-12-05T00:00:00Z");
const row = (desaCode: string, state: ProposalState, daysAgo: number) =>
  create(ProposalSummarySchema, { desaCode, state, stateSince: timestampFromDate(new Date(now.getTime() - daysAgo * 86_400_000)) });

describe("tallyByDesa", () => {
  it("counts per desa and state, marking those over the overdue threshold", () => {
    const { desas, states } = tallyByDesa([
      row("3201010002", ProposalState.DISTRICT_REVIEW, 20),
      row("3201010001", ProposalState.VILLAGE_FINAL, 1),
      row("3201010001", ProposalState.DISTRICT_REVIEW, 15),
      row("3201010001", ProposalState.DISTRICT_REVIEW, 14),
    ], now);
    expect(states).toEqual([ProposalState.VILLAGE_FINAL, ProposalState.DISTRICT_REVIEW]); // lifecycle order
    expect(desas.map((d) => [d.desa, d.total, d.overdue])).toEqual([["3201010001", 3, 1], ["3201010002", 1, 1]]);
    expect(desas[0].cells.get(ProposalState.DISTRICT_REVIEW)).toEqual({ count: 2, overdue: 1 });
  });
});
