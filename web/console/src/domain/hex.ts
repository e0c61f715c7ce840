// Evidence documents are cited by the lowercase hex SHA-256 of their bytes.

const sha256Hex = /^[0-9a-f]{64}$/;

/** Normalises what a person pasted (spaces, upper case) to the form the server stores. */
export function normaliseSha256(text: string): string {
  return text.trim().toLowerCase();
}

export function isSha256Hex(text: string): boolean {
  return sha256Hex.test(normaliseSha256(text));
}

/** Splits a list typed one hash per line or comma-separated; blank entries dropped. */
export function splitHashes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(normaliseSha256)
    .filter((h) => h !== "");
}
