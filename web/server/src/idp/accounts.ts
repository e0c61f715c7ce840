// The development accounts (deploy/dev-accounts.json): user id, display name,
// role and region code as usulan-server reads them from the access token, and
// the scrypt hash of the password.
import { readFileSync } from "node:fs";

export interface Account {
  id: string;
  name: string;
  role: string;
  region: string; // "" for the national roles (central_reviewer, auditor, system)
  // A citizen's NIK and KK number (16 digits each): required for role citizen,
  // never on an office account. Only the access token carries them, never the
  // ID token or /auth/me (docs/citizens.md).
  nik?: string;
  kk?: string;
  password_hash: string;
}

export function loadAccounts(path: string): Map<string, Account> {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as { accounts?: Account[] };
  if (!Array.isArray(parsed.accounts)) throw new Error(`${path}: expected {"accounts": [...]}`);
  const accounts = new Map<string, Account>();
  parsed.accounts.forEach((a, i) => {
    for (const field of ["id", "name", "role", "region", "password_hash"] as const) {
      if (typeof a[field] !== "string") throw new Error(`${path}: accounts[${i}].${field} must be a string`);
    }
    if (!/^[\x21-\x7e]{1,128}$/.test(a.id) || /[0-9]{16}/.test(a.id)) {
      throw new Error(`${path}: accounts[${i}].id must be 1..128 printable characters, never 16 digits in a row`);
    }
    const citizen = a.role === "citizen";
    for (const field of ["nik", "kk"] as const) {
      const value = a[field];
      if (citizen && (typeof value !== "string" || !/^[0-9]{16}$/.test(value))) {
        throw new Error(`${path}: accounts[${i}].${field} must be 16 digits for a citizen`);
      }
      if (!citizen && value !== undefined) throw new Error(`${path}: accounts[${i}].${field} is for citizens only`);
    }
    if (accounts.has(a.id)) throw new Error(`${path}: accounts[${i}].id is listed twice`);
    accounts.set(a.id, a);
  });
  return accounts;
}
