import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { daysSince, formatNumber, formatRupiah, formatWib, formatWibDate, wibIsoDate } from "./format";

describe("WIB dates", () => {
  it("shows UTC 17:30 as 00.30 the next day in Jakarta", () => {
    const t = new Date("2026-12-05T17:30:00Z");
    expect(formatWib(t)).toBe("06 Des 2026, 00.30 WIB");
    expect(formatWib(timestampFromDate(t))).toBe("06 Des 2026, 00.30 WIB");
    expect(formatWibDate(t)).toBe("06 Des 2026");
    expect(wibIsoDate(t)).toBe("2026-12-06");
  });

  it("shows a dash for an absent time", () => {
    expect(formatWib(undefined)).toBe("—");
  });

  it("counts whole days in a state", () => {
    const since = timestampFromDate(new Date("2026-11-01T00:00:00Z"));
    expect(daysSince(since, new Date("2026-11-15T23:00:00Z"))).toBe(14);
  });
});

describe("id-ID numbers", () => {
  it("groups thousands with dots", () => {
    expect(formatNumber(1234567)).toBe("1.234.567");
    expect(formatNumber(94_000_000n)).toBe("94.000.000");
    expect(formatRupiah(2500000)).toMatch(/^Rp\s2\.500\.000$/);
  });
});

describe("WIB form input", () => {
  it("writes and reads a datetime-local value as WIB", async () => {
    const { parseWibLocal, wibLocalInput } = await import("./format");
    const t = new Date("2026-12-05T17:30:00Z");
    expect(wibLocalInput(t)).toBe("2026-12-06T00:30");
    expect(parseWibLocal("2026-12-06T00:30")?.toISOString()).toBe("2026-12-05T17:30:00.000Z");
    expect(parseWibLocal("06/12/2026")).toBeUndefined();
  });
});
