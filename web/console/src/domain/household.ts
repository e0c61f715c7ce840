// The household form's model and the same field checks the server runs
// (workflow/household.cc), shown inline before anything is sent. The server stays
// the authority: these checks only spare the operator a round trip, and every
// message names the field path the server would name.
import { create } from "@bufbuild/protobuf";
import {
  HouseholdSchema,
  MemberSchema,
  Relationship,
  Sex,
  SocioEconomicSchema,
  type Household,
} from "../gen/usulan/v1/common_pb";
import { codePoints, maxChars, maxItems } from "./rules";

/** One member row as typed: every input is text until it is sent. */
export interface MemberDraft {
  nik: string;
  name: string;
  relationship: Relationship;
  sex: Sex;
  birthDate: string; // YYYY-MM-DD
  occupation: string;
  hasDisability: boolean;
}

export interface SocioEconomicDraft {
  floorAreaM2: string;
  floorType: string;
  wallType: string;
  roofType: string;
  drinkingWaterSource: string;
  lightingSource: string;
  cookingFuel: string;
  toiletFacility: string;
  monthlyExpenditureIdr: string;
  monthlyIncomeIdr: string;
}

export interface HouseholdDraft {
  kkNumber: string;
  address: string;
  members: MemberDraft[];
  socioEconomic: SocioEconomicDraft;
}

/** A problem with one field: `path` is the server's field path, `code` an i18n key. */
export interface FieldProblem {
  path: string;
  code: string;
  params?: Record<string, number | string>;
}

export const socioTextFields = [
  "floorType",
  "wallType",
  "roofType",
  "drinkingWaterSource",
  "lightingSource",
  "cookingFuel",
  "toiletFacility",
] as const;

export const socioNumberFields = ["floorAreaM2", "monthlyExpenditureIdr", "monthlyIncomeIdr"] as const;

/** camelCase -> the proto field name (snake_case) the server names. */
export const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function emptyMember(): MemberDraft {
  return {
    nik: "",
    name: "",
    relationship: Relationship.UNSPECIFIED,
    sex: Sex.UNSPECIFIED,
    birthDate: "",
    occupation: "",
    hasDisability: false,
  };
}

export function emptyHousehold(): HouseholdDraft {
  return {
    kkNumber: "",
    address: "",
    members: [{ ...emptyMember(), relationship: Relationship.HEAD }],
    socioEconomic: {
      floorAreaM2: "",
      floorType: "",
      wallType: "",
      roofType: "",
      drinkingWaterSource: "",
      lightingSource: "",
      cookingFuel: "",
      toiletFacility: "",
      monthlyExpenditureIdr: "",
      monthlyIncomeIdr: "",
    },
  };
}

const sixteenDigits = /^[0-9]{16}$/;
const isoDate = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export function isIsoDate(value: string): boolean {
  const m = isoDate.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * The NIK's own checks: 16 digits, a possible date part (DDMMYY at digits 7-12, day
 * + 40 for women), agreeing with the birth date (when that is a date) and the sex.
 * Returns the i18n code of the first problem, or undefined.
 */
export function nikProblem(nik: string, birthDate: string, sex: Sex): string | undefined {
  if (!sixteenDigits.test(nik)) return "nik.digits";
  const codedDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const female = codedDay > 40;
  const day = female ? codedDay - 40 : codedDay;
  if (day < 1 || day > 31) return "nik.day";
  if (month < 1 || month > 12) return "nik.month";
  const m = isoDate.exec(birthDate);
  if (m && isIsoDate(birthDate)) {
    if (Number(m[3]) !== day || Number(m[2]) !== month || Number(m[1].slice(2)) !== yy) {
      return "nik.birthDate";
    }
  }
  if ((sex === Sex.FEMALE && !female) || (sex === Sex.MALE && female)) return "nik.sex";
  return undefined;
}

function checkLength(
  problems: FieldProblem[],
  path: string,
  value: string,
  max: number | undefined,
): void {
  if (max !== undefined && codePoints(value) > max) {
    problems.push({ path, code: "text.tooLong", params: { max } });
  }
}

/** Every problem of the household, in form order (empty when the server would accept it). */
export function validateHousehold(h: HouseholdDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!sixteenDigits.test(h.kkNumber)) problems.push({ path: "household.kk_number", code: "kk.digits" });
  checkLength(problems, "household.address", h.address, maxChars(HouseholdSchema, "address"));
  const maxMembers = maxItems(HouseholdSchema, "members") ?? 30;
  if (h.members.length === 0) problems.push({ path: "household.members", code: "members.none" });
  if (h.members.length > maxMembers) {
    problems.push({ path: "household.members", code: "members.tooMany", params: { max: maxMembers } });
  }
  let heads = 0;
  h.members.forEach((m, j) => {
    const prefix = `household.members[${j}]`;
    const nik = nikProblem(m.nik, m.birthDate, m.sex);
    if (nik) problems.push({ path: `${prefix}.nik`, code: nik });
    else {
      const first = h.members.findIndex((o) => o.nik === m.nik);
      if (first < j) problems.push({ path: `${prefix}.nik`, code: "nik.duplicate", params: { other: first + 1 } });
    }
    if (m.name.trim() === "") problems.push({ path: `${prefix}.name`, code: "required" });
    checkLength(problems, `${prefix}.name`, m.name, maxChars(MemberSchema, "name"));
    if (m.relationship === Relationship.UNSPECIFIED) {
      problems.push({ path: `${prefix}.relationship`, code: "required" });
    }
    if (m.birthDate !== "" && !isIsoDate(m.birthDate)) {
      problems.push({ path: `${prefix}.birth_date`, code: "date.format" });
    }
    checkLength(problems, `${prefix}.occupation`, m.occupation, maxChars(MemberSchema, "occupation"));
    if (m.relationship === Relationship.HEAD) heads++;
  });
  if (h.members.length > 0 && heads !== 1) problems.push({ path: "household.members", code: "members.oneHead" });
  for (const f of socioNumberFields) {
    const v = h.socioEconomic[f].trim();
    if (v !== "" && !/^[0-9]+$/.test(v)) {
      problems.push({ path: `household.socio_economic.${snake(f)}`, code: "number.nonNegative" });
    }
  }
  for (const f of socioTextFields) {
    checkLength(
      problems,
      `household.socio_economic.${snake(f)}`,
      h.socioEconomic[f],
      maxChars(SocioEconomicSchema, f),
    );
  }
  return problems;
}

/** The proto message of a draft (call only once validateHousehold found nothing). */
export function toHousehold(h: HouseholdDraft): Household {
  const se = h.socioEconomic;
  return create(HouseholdSchema, {
    kkNumber: h.kkNumber,
    address: h.address,
    members: h.members.map((m) => create(MemberSchema, { ...m })),
    socioEconomic: create(SocioEconomicSchema, {
      floorAreaM2: Number(se.floorAreaM2 || 0),
      floorType: se.floorType,
      wallType: se.wallType,
      roofType: se.roofType,
      drinkingWaterSource: se.drinkingWaterSource,
      lightingSource: se.lightingSource,
      cookingFuel: se.cookingFuel,
      toiletFacility: se.toiletFacility,
      monthlyExpenditureIdr: BigInt(se.monthlyExpenditureIdr || 0),
      monthlyIncomeIdr: BigInt(se.monthlyIncomeIdr || 0),
    }),
  });
}

/** The form model of a stored household, for editing a draft or correcting it. */
export function fromHousehold(h: Household | undefined): HouseholdDraft {
  if (!h) return emptyHousehold();
  const se = h.socioEconomic;
  const num = (v: number | bigint | undefined) => (v ? String(v) : "");
  return {
    kkNumber: h.kkNumber,
    address: h.address,
    members: h.members.map((m) => ({
      nik: m.nik,
      name: m.name,
      relationship: m.relationship,
      sex: m.sex,
      birthDate: m.birthDate,
      occupation: m.occupation,
      hasDisability: m.hasDisability,
    })),
    socioEconomic: {
      floorAreaM2: num(se?.floorAreaM2),
      floorType: se?.floorType ?? "",
      wallType: se?.wallType ?? "",
      roofType: se?.roofType ?? "",
      drinkingWaterSource: se?.drinkingWaterSource ?? "",
      lightingSource: se?.lightingSource ?? "",
      cookingFuel: se?.cookingFuel ?? "",
      toiletFacility: se?.toiletFacility ?? "",
      monthlyExpenditureIdr: num(se?.monthlyExpenditureIdr),
      monthlyIncomeIdr: num(se?.monthlyIncomeIdr),
    },
  };
}

/** Problems keyed by field path, for showing each next to its input. */
export function problemsByPath(problems: FieldProblem[]): Map<string, FieldProblem> {
  const map = new Map<string, FieldProblem>();
  for (const p of problems) if (!map.has(p.path)) map.set(p.path, p);
  return map;
}

/**
 * The field path a server refusal names ("household.members[1].nik must be 16
 * digits" -> "household.members[1].nik"), so that it is shown next to its input.
 */
export function serverProblem(message: string): FieldProblem | undefined {
  const m = /^(household(?:\.[a-z_]+(?:\[[0-9]+\])?)*)\s+(.+)$/.exec(message.trim());
  if (!m) return undefined;
  return { path: m[1], code: m[2] };
}
