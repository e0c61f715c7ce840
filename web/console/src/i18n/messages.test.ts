import { describe, expect, it } from "vitest";
import { roles } from "../api/session";
import { actionTable } from "../domain/actions";
import { EntryStatus, RegisterChange } from "../gen/usulan/v1/register_service_pb";
import { allRoutes, allStates, routeKey, stateKey } from "../domain/states";
import { message, type Lang } from "./messages";

// Every label the console builds from a server value must exist in both languages
// (a missing one would show the raw key to the person).
describe("messages", () => {
  const keys = [
    ...allStates.map((s) => `state.${stateKey(s)}`),
    ...actionTable.map((a) => `event.${a.event}`),
    ...actionTable.map((a) => a.label),
    ...[EntryStatus.UNSPECIFIED, EntryStatus.ACTIVE, EntryStatus.INACTIVE].map((s) => `entry.${EntryStatus[s]}`),
    ...Object.values(RegisterChange).filter((c) => typeof c === "string").map((c) => `change.${c}`),
    ...roles.map((r) => `role.${r}`),
    ...allRoutes.map((r) => `route.${routeKey(r)}`),
    "role.citizen",
  ];
  it.each(["id", "en"] as Lang[])("has every state, event, action, role, entry status and register change in %s", (lang) => {
    expect(keys.filter((k) => message(lang, k) === k)).toEqual([]);
  });

  it("fills parameters and falls back to the key", () => {
    expect(message("id", "common.days", { n: "1.234" })).toBe("1.234 hari");
    expect(message("en", "no.such.key")).toBe("no.such.key");
  });
});
