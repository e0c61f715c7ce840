// The village pre-list as a spreadsheet export: one CSV line per member, lines
// with the same `row` forming one household. Parsed in the page (the file never
// leaves memory except as the import's request), quoted fields per RFC 4180.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { ProposalKind, Relationship, Sex, type MemberSchema } from "../gen/usulan/v1/common_pb";
import type { CreateProposalRequestSchema } from "../gen/usulan/v1/proposal_service_pb";
import { regionOfDesa } from "./region";

export const csvColumns = ["row", "kk_number", "address", "nik", "name", "relationship", "sex", "birth_date", "occupation"] as const;

/** RFC 4180 records: commas, quotes doubled inside quoted fields, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { record.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) { record.push(field); records.push(record); }
  return records.filter((r) => !(r.length === 1 && r[0].trim() === ""));
}

export interface ImportRow {
  rowNumber: bigint;
  proposal: MessageInitShape<typeof CreateProposalRequestSchema>;
}

export interface CsvProblem {
  line: number; // 1-based line of the file
  message: string;
}

function enumValue<T extends Record<string, string | number>>(e: T, text: string, aliases: Record<string, string> = {}): number | undefined {
  const key = (aliases[text.trim().toUpperCase()] ?? text.trim().toUpperCase()) as keyof T;
  const v = e[key];
  return typeof v === "number" ? v : undefined;
}

/**
 * Households of the CSV (a header line naming the columns is required), in row
 * order. Lines the console cannot read are reported and left out; everything else
 * is the server's to check, row by row.
 */
export function householdsFromCsv(text: string, desaCode: string): { rows: ImportRow[]; problems: CsvProblem[] } {
  const records = parseCsv(text.replace(/^\uFEFF/, ""));
  const problems: CsvProblem[] = [];
  if (records.length === 0) return { rows: [], problems: [{ line: 1, message: "empty file" }] };
  const header = records[0].map((h) => h.trim().toLowerCase());
  const col = Object.fromEntries(csvColumns.map((c) => [c, header.indexOf(c)])) as Record<(typeof csvColumns)[number], number>;
  const missing = csvColumns.filter((c) => col[c] < 0);
  if (missing.length > 0) return { rows: [], problems: [{ line: 1, message: `missing columns: ${missing.join(", ")}` }] };

  const byRow = new Map<bigint, ImportRow>();
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    const get = (c: (typeof csvColumns)[number]) => (r[col[c]] ?? "").trim();
    if (!/^[0-9]{1,7}$/.test(get("row")) || Number(get("row")) < 1) {
      problems.push({ line, message: "row must be a number from 1" });
      return;
    }
    const relationship = enumValue(Relationship, get("relationship"), { KEPALA: "HEAD", ISTRI: "SPOUSE", SUAMI: "SPOUSE", ANAK: "CHILD" });
    const sex = enumValue(Sex, get("sex"), { L: "MALE", P: "FEMALE" });
    const rowNumber = BigInt(get("row"));
    let row = byRow.get(rowNumber);
    if (!row) {
      row = {
        rowNumber,
        proposal: {
          kind: ProposalKind.NEW,
          region: regionOfDesa(desaCode),
          household: { kkNumber: get("kk_number"), address: get("address"), members: [] },
        },
      };
      byRow.set(rowNumber, row);
    }
    (row.proposal.household!.members as Array<MessageInitShape<typeof MemberSchema>>).push({
      nik: get("nik"),
      name: get("name"),
      relationship: relationship ?? Relationship.UNSPECIFIED,
      sex: sex ?? Sex.UNSPECIFIED,
      birthDate: get("birth_date"),
      occupation: get("occupation"),
    });
  });
  return { rows: [...byRow.values()].sort((a, b) => (a.rowNumber < b.rowNumber ? -1 : 1)), problems };
}
