// Region codes (Kemendagri): each code's prefix is its parent's code.
import { create } from "@bufbuild/protobuf";
import { RegionRefSchema, type RegionRef } from "../gen/usulan/v1/common_pb";

export const regionLengths = [2, 4, 6, 10] as const;

export function isRegionCode(code: string): boolean {
  return /^[0-9]+$/.test(code) && (regionLengths as readonly number[]).includes(code.length);
}

/** The full RegionRef of a desa code (its kecamatan, kabupaten and province are its prefixes). */
export function regionOfDesa(desa: string): RegionRef {
  return create(RegionRefSchema, {
    provinceCode: desa.slice(0, 2),
    kabupatenCode: desa.slice(0, 4),
    kecamatanCode: desa.slice(0, 6),
    desaCode: desa,
  });
}
