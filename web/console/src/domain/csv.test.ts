import { describe, expect, it } from "vitest";
import { Relationship, Sex } from "../gen/usulan/v1/common_pb";
import { householdsFromCsv, parseCsv } from "./csv";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n1,"x\ny",\n')).toEqual([
      ["a", "b, c", 'say "hi"'],
      ["1", "x\ny", ""],
    ]);
  });
});

describe("householdsFromCsv", () => {
  const header = "row,kk_number,address,nik,name,relationship,sex,birth_date,occupation";

  it("groups the members of a row into one household, in row order", () => {
    const csv = [
      header,
      '2,3201010101200002,"Jl. Mawar 2, RT 1",3201016006900003,Ani,HEAD,P,1990-06-20,',
      "1,3201010101200001,Dusun Krajan,3201011508850001,Budi,kepala,L,1985-08-15,Petani",
      "1,3201010101200001,Dusun Krajan,3201015508850002,Siti,SPOUSE,FEMALE,1985-08-15,",
    ].join("\n");
    const { rows, problems } = householdsFromCsv(csv, "3201010001");
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.rowNumber)).toEqual([1n, 2n]);
    expect(rows[0].proposal.household?.members).toHaveLength(2);
    expect(rows[0].proposal.household?.members?.[0]).toMatchObject({ relationship: Relationship.HEAD, sex: Sex.MALE });
    expect(rows[1].proposal.household?.address).toBe("Jl. Mawar 2, RT 1");
    expect(rows[1].proposal.region?.desaCode).toBe("3201010001");
  });

  it("reports unreadable lines and missing columns", () => {
    expect(householdsFromCsv("row,nik\n1,2", "3201010001").problems[0].message).toMatch(/missing columns/);
    const { rows, problems } = householdsFromCsv(`${header}\nx,1,a,1,b,HEAD,L,,\n`, "3201010001");
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: 2, message: "row must be a number from 1" }]);
  });

  it("leaves an unknown relationship for the server to refuse", () => {
    const { rows } = householdsFromCsv(`${header}\n1,1,a,1,b,boss,?,,\n`, "3201010001");
    expect(rows[0].proposal.household?.members?.[0]).toMatchObject({ relationship: Relationship.UNSPECIFIED, sex: Sex.UNSPECIFIED });
  });
});
