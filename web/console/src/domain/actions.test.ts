import { readFileSync } from "node:fs";
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import type { Clients } from "../api/clients";
import { HouseholdSchema, ProposalRoute, ProposalSchema, RegionRefSchema } from "../gen/usulan/v1/common_pb";
import { VisitOutcome } from "../gen/usulan/v1/verification_service_pb";
import { actionProblems, actionsFor, actionTable, buildCall } from "./actions";

const proposal = create(ProposalSchema, {
  proposalId: "0b0e6f4e-6b55-4cc4-9a51-1c7c3c2b7a10",
  version: 7n,
  region: create(RegionRefSchema, { desaCode: "3201010001" }),
});
const hash = "a".repeat(64);

/** Clients whose every method records its call instead of sending it. */
function recordingClients() {
  const calls: Array<{ service: string; method: string; request: unknown }> = [];
  const service = (name: string) =>
    new Proxy({}, { get: (_t, method: string) => async (request: unknown) => calls.push({ service: name, method, request }) });
  const clients = {
    proposals: service("proposals"),
    deliberations: service("deliberations"),
    verification: service("verification"),
    review: service("review"),
    decision: service("decision"),
    audit: service("audit"),
  } as unknown as Clients;
  return { calls, clients };
}

const byEvent = (event: string) => actionTable.find((a) => a.event === event)!;

describe("actionsFor", () => {
  it("offers exactly the allowed events a person performs, in table order", () => {
    const shown = actionsFor({ allowedEvents: ["withdraw", "submit", "update_draft"] }).map((a) => a.event);
    expect(shown).toEqual(["update_draft", "submit", "withdraw"]);
  });

  it("offers nothing the server did not allow, and no system events", () => {
    expect(actionsFor({ allowedEvents: [] })).toEqual([]);
    expect(actionsFor({ allowedEvents: ["nik_checked", "miss_cutoff", "lapse", "erase_personal_data"] })).toEqual([]);
  });

  it("sends batch-level events to their screens", () => {
    for (const e of ["ratify", "submit_to_province", "forward", "decide"]) {
      expect(byEvent(e).form).toBe("batchScreen");
      expect(() => buildCall(byEvent(e), proposal, {}, "r")).toThrow();
    }
  });

  it("decides CENTRAL and PBI_JK proposals one by one, every other route's in a batch", () => {
    const decide = (route: ProposalRoute) => actionsFor({ allowedEvents: ["decide"], route }).map((a) => a.form);
    expect(decide(ProposalRoute.PBI_JK)).toEqual(["decideSingle"]);
    expect(decide(ProposalRoute.CENTRAL)).toEqual(["decideSingle"]);
    for (const r of [ProposalRoute.VILLAGE, ProposalRoute.DISTRICT, ProposalRoute.CITIZEN_PROPOSAL, ProposalRoute.CITIZEN_OBJECTION]) {
      expect(decide(r)).toEqual(["batchScreen"]);
    }
    expect(actionsFor({ allowedEvents: ["decide"] }).map((a) => a.form)).toEqual(["batchScreen"]);
  });

  it("names the village's take-up and decline as the operator says them", () => {
    expect(actionsFor({ allowedEvents: ["decline", "take_up"] }).map((a) => a.label)).toEqual(["action.take_up", "action.decline"]);
  });
});

const single = actionTable.find((a) => a.form === "decideSingle")!;

describe("buildCall", () => {
  it.each([
    ["submit", {}, "proposals", "submitProposal", { requestId: "req-1", proposalId: proposal.proposalId, expectedVersion: 7n }],
    ["withdraw", { reason: " pindah " }, "proposals", "withdrawProposal", { requestId: "req-1", proposalId: proposal.proposalId, expectedVersion: 7n, reason: "pindah" }],
    ["return", { reason: "data kurang" }, "review", "returnProposal", { requestId: "req-1", proposalId: proposal.proposalId, expectedVersion: 7n, reason: "data kurang" }],
    ["approve", {}, "review", "approveProposals", { requestId: "req-1", proposalIds: [proposal.proposalId] }],
    ["open_review", {}, "review", "openReview", { requestId: "req-1", proposalIds: [proposal.proposalId] }],
    ["assign_verifier", { verifierId: "verval-1" }, "verification", "assignVerifier", { requestId: "req-1", proposalIds: [proposal.proposalId], verifierId: "verval-1" }],
    ["finalize_village", { minutesSha256: hash.toUpperCase(), nameListSha256: "b".repeat(64) }, "verification", "finalizeVillage",
      { requestId: "req-1", proposalIds: [proposal.proposalId], desaCode: "3201010001", minutesSha256: hash, nameListSha256: "b".repeat(64) }],
    ["deliberate", { deliberationId: "d-1", deliberationVersion: 3n }, "deliberations", "addToAgenda",
      { requestId: "req-1", deliberationId: "d-1", expectedVersion: 3n, proposalIds: [proposal.proposalId] }],
    ["decline", { reason: " bukan warga desa " }, "proposals", "declineProposal",
      { requestId: "req-1", proposalId: proposal.proposalId, expectedVersion: 7n, reason: "bukan warga desa" }],
    ["confirm", { confirmed: true }, "review", "confirmCentralChange",
      { requestId: "req-1", proposalId: proposal.proposalId, expectedVersion: 7n, confirmed: true, reason: "" }],
    ["confirm", { confirmed: false, reason: "kepala keluarga baru" }, "review", "confirmCentralChange",
      { requestId: "req-1", proposalId: proposal.proposalId, expectedVersion: 7n, confirmed: false, reason: "kepala keluarga baru" }],
  ])("%s calls its RPC with the request id and the proposal's version", async (event, values, service, method, request) => {
    const { calls, clients } = recordingClients();
    await buildCall(byEvent(event), proposal, values, "req-1")(clients);
    expect(calls).toEqual([{ service, method, request }]);
  });

  it("takes a citizen's proposal up with the household as the village completed it", async () => {
    const { calls, clients } = recordingClients();
    const household = create(HouseholdSchema, { kkNumber: "3201010201260021", address: "Kp. Sukajaya" });
    await buildCall(byEvent("take_up"), proposal, { household }, "req-3")(clients);
    expect(calls).toEqual([{ service: "proposals", method: "takeUpProposal",
      request: { requestId: "req-3", proposalId: proposal.proposalId, expectedVersion: 7n, household } }]);
  });

  it("decides one proposal: accept with the decree, reject with code and reason", async () => {
    const { calls, clients } = recordingClients();
    await buildCall(single, proposal, { accept: true, decreeNumber: " 12/HUK/2026 ", reasonCode: "OTHER" }, "a")(clients);
    await buildCall(single, proposal, { accept: false, decreeNumber: "x", reasonCode: "DUPLICATE", reason: "ganda" }, "b")(clients);
    expect(calls.map((c) => c.method)).toEqual(["decideProposal", "decideProposal"]);
    expect(calls[0].request).toEqual({ requestId: "a", proposalId: proposal.proposalId, expectedVersion: 7n, accept: true, decreeNumber: "12/HUK/2026", reasonCode: "", reason: "" });
    expect(calls[1].request).toEqual({ requestId: "b", proposalId: proposal.proposalId, expectedVersion: 7n, accept: false, decreeNumber: "", reasonCode: "DUPLICATE", reason: "ganda" });
  });

  it("records a visit with its time, hashes and location", async () => {
    const { calls, clients } = recordingClients();
    const visitTime = new Date("2026-12-01T03:00:00Z");
    await buildCall(byEvent("record_visit"), proposal, {
      visit: { outcome: VisitOutcome.MOVED, eligible: true, visitTime, evidenceSha256: [hash], location: { latitude: -6.2, longitude: 106.8 } },
      reason: "rumah kosong",
    }, "req-2")(clients);
    const req = calls[0].request as Record<string, unknown>;
    expect(calls[0].method).toBe("recordVisit");
    expect(req.eligible).toBe(false); // only meaningful with COMPLETED
    expect(req.visitTime).toMatchObject({ seconds: BigInt(visitTime.getTime() / 1000) });
    expect(req.expectedVersion).toBe(7n);
    expect(req.location).toEqual({ latitude: -6.2, longitude: 106.8 });
  });
});

describe("actionProblems", () => {
  it("wants a reason where the server does", () => {
    expect(actionProblems(byEvent("withdraw"), { reason: "  " })).toEqual({ reason: "required" });
    expect(actionProblems(byEvent("withdraw"), { reason: "pindah" })).toEqual({});
    expect(actionProblems(byEvent("submit"), {})).toEqual({});
  });

  it("wants a choice, and what each choice needs, for a confirmation and a single decision", () => {
    expect(actionProblems(byEvent("decline"), {})).toEqual({ reason: "required" });
    expect(actionProblems(byEvent("take_up"), {})).toEqual({ household: "required" });
    expect(actionProblems(byEvent("confirm"), {})).toEqual({ confirmed: "required" });
    expect(actionProblems(byEvent("confirm"), { confirmed: true })).toEqual({});
    expect(actionProblems(byEvent("confirm"), { confirmed: false, reason: " " })).toEqual({ reason: "required" });
    expect(actionProblems(single, {})).toEqual({ accept: "required" });
    expect(actionProblems(single, { accept: true, decreeNumber: " " })).toEqual({ decreeNumber: "required" });
    expect(actionProblems(single, { accept: true, decreeNumber: "12/HUK/2026" })).toEqual({});
    expect(actionProblems(single, { accept: false })).toEqual({ reasonCode: "required", reason: "required" });
  });

  it("checks hashes as 64 hex digits", () => {
    expect(actionProblems(byEvent("finalize_village"), { minutesSha256: "xyz", nameListSha256: hash })).toEqual({ minutesSha256: "hash.hex" });
  });

  it("wants a photo, and a reason unless the household is eligible", () => {
    const visit = { outcome: VisitOutcome.COMPLETED, eligible: true, visitTime: new Date(0), evidenceSha256: [] as string[] };
    expect(actionProblems(byEvent("record_visit"), { visit })).toEqual({ evidence: "visit.evidenceNeeded" });
    expect(actionProblems(byEvent("record_visit"), { visit: { ...visit, eligible: false, evidenceSha256: [hash] } }))
      .toEqual({ reason: "visit.reasonNeeded" });
  });
});

describe("the server's vocabulary", () => {
  // The event names the C++ state machine writes (workflow/vocabulary.cc): an action
  // keyed by a misspelt event would never get a button.
  const vocabulary = readFileSync(new URL("../../../../workflow/vocabulary.cc", import.meta.url), "utf8");
  const table = vocabulary.slice(vocabulary.indexOf("kEventNames"), vocabulary.indexOf("kRoleNames"));
  const serverEvents = [...table.matchAll(/\{Event::k\w+, "(\w+)"\}/g)].map((m) => m[1]);
  const systemOnly = ["nik_checked", "miss_cutoff", "lapse", "erase_personal_data"];

  it("reads the server's events (control)", () => {
    expect(serverEvents).toContain("submit");
    expect(serverEvents.length).toBeGreaterThanOrEqual(20);
  });

  it("has an action for every event a person fires, and only for real events", () => {
    // `decide` has two forms (batch and single), one per set of routes.
    expect([...new Set(actionTable.map((a) => a.event))].sort()).toEqual(serverEvents.filter((e) => !systemOnly.includes(e)).sort());
  });
});
