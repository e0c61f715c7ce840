import { describe, expect, it } from "vitest";
import { Relationship, Sex } from "../gen/usulan/v1/common_pb";
import { emptyHousehold, nikProblem, toHousehold, validateHousehold, type HouseholdDraft } from "./household";

// NIK 3201 01 | 150885 | 0001: born 15 Aug 1985, a man; the woman's is 55 (15 + 40).
const man = { nik: "3201011508850001", birthDate: "1985-08-15", sex: Sex.MALE };
const woman = { nik: "3201015508850002", birthDate: "1985-08-15", sex: Sex.FEMALE };

function household(overrides: Partial<HouseholdDraft> = {}): HouseholdDraft {
  const h = emptyHousehold();
  h.kkNumber = "3201010101200001";
  h.address = "Dusun Krajan RT 01";
  h.members = [
    { ...man, name: "Budi", relationship: Relationship.HEAD, occupation: "Petani", hasDisability: false },
    { ...woman, name: "Siti", relationship: Relationship.SPOUSE, occupation: "", hasDisability: false },
  ];
  return { ...h, ...overrides };
}

describe("nikProblem", () => {
  it.each([
    ["a man's NIK and birth date", man.nik, man.birthDate, Sex.MALE, undefined],
    ["a woman's NIK (day + 40)", woman.nik, woman.birthDate, Sex.FEMALE, undefined],
    ["15 digits", "320101150885000", "", Sex.MALE, "nik.digits"],
    ["a letter", "32010115088500a1", "", Sex.MALE, "nik.digits"],
    ["day 00", "3201010008850001", "", Sex.MALE, "nik.day"],
    ["day 32", "3201013208850001", "", Sex.MALE, "nik.day"],
    ["month 13", "3201011513850001", "", Sex.MALE, "nik.month"],
    ["another birth day", man.nik, "1985-08-16", Sex.MALE, "nik.birthDate"],
    ["another birth year", man.nik, "1995-08-15", Sex.MALE, "nik.birthDate"],
    ["a woman with a man's code", man.nik, man.birthDate, Sex.FEMALE, "nik.sex"],
    ["a man with a woman's code", woman.nik, woman.birthDate, Sex.MALE, "nik.sex"],
    ["no birth date yet", man.nik, "", Sex.MALE, undefined],
  ])("%s", (_name, nik, birthDate, sex, want) => {
    expect(nikProblem(nik, birthDate, sex)).toBe(want);
  });
});

describe("validateHousehold", () => {
  it("accepts a complete household", () => {
    expect(validateHousehold(household())).toEqual([]);
  });

  it("wants exactly one head", () => {
    const none = household();
    none.members[0].relationship = Relationship.CHILD;
    expect(validateHousehold(none)).toContainEqual({ path: "household.members", code: "members.oneHead" });
    const two = household();
    two.members[1].relationship = Relationship.HEAD;
    expect(validateHousehold(two)).toContainEqual({ path: "household.members", code: "members.oneHead" });
  });

  it("names the member whose NIK disagrees with the birth date", () => {
    const h = household();
    h.members[1].birthDate = "1985-09-15";
    expect(validateHousehold(h)).toEqual([{ path: "household.members[1].nik", code: "nik.birthDate" }]);
  });

  it("refuses a duplicate NIK, a bad KK number and a malformed date", () => {
    const h = household({ kkNumber: "123" });
    h.members[1] = { ...h.members[0], relationship: Relationship.CHILD, birthDate: "1985-02-30" };
    const paths = validateHousehold(h).map((p) => `${p.path}:${p.code}`);
    expect(paths).toContain("household.kk_number:kk.digits");
    expect(paths).toContain("household.members[1].birth_date:date.format");
  });

  it("takes the length limits from the protos' rules", () => {
    const h = household({ address: "a".repeat(500) });
    expect(validateHousehold(h)).toEqual([]);
    h.address = "a".repeat(501);
    h.members[0].name = "𝔅".repeat(201); // code points, not UTF-16 units
    expect(validateHousehold(h)).toEqual([
      { path: "household.address", code: "text.tooLong", params: { max: 500 } },
      { path: "household.members[0].name", code: "text.tooLong", params: { max: 200 } },
    ]);
  });

  it("limits the members to the proto's max_items", () => {
    const h = household();
    h.members = Array.from({ length: 31 }, (_, i) => ({ ...h.members[1], nik: `32010155088500${String(i).padStart(2, "0")}` }));
    h.members[0].relationship = Relationship.HEAD;
    expect(validateHousehold(h)).toContainEqual({ path: "household.members", code: "members.tooMany", params: { max: 30 } });
  });

  it("refuses negative or non-numeric socio-economic numbers", () => {
    const h = household();
    h.socioEconomic.monthlyIncomeIdr = "-5";
    expect(validateHousehold(h)).toEqual([{ path: "household.socio_economic.monthly_income_idr", code: "number.nonNegative" }]);
  });

  it("converts to the proto message", () => {
    const h = household();
    h.socioEconomic.monthlyIncomeIdr = "1500000";
    const m = toHousehold(h);
    expect(m.members[1].sex).toBe(Sex.FEMALE);
    expect(m.socioEconomic?.monthlyIncomeIdr).toBe(1500000n);
  });
});

describe("serverProblem", () => {
  it("finds the field a refusal names", async () => {
    const { serverProblem } = await import("./household");
    expect(serverProblem("household.members[1].nik does not agree with the birth date")).toEqual({
      path: "household.members[1].nik",
      code: "does not agree with the birth date",
    });
    expect(serverProblem("household.kk_number must be 16 digits")?.path).toBe("household.kk_number");
    expect(serverProblem("state DRAFT does not allow event approve")).toBeUndefined();
  });
});

describe("regionOfDesa", () => {
  it("fills every level from the desa code's prefixes", async () => {
    const { regionOfDesa, isRegionCode } = await import("./region");
    expect(regionOfDesa("3201010001")).toMatchObject({ provinceCode: "32", kabupatenCode: "3201", kecamatanCode: "320101", desaCode: "3201010001" });
    expect(["32", "3201", "320101", "3201010001"].every(isRegionCode)).toBe(true);
    expect(["", "3", "32010", "32a1"].some(isRegionCode)).toBe(false);
  });
});
