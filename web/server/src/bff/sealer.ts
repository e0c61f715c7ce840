// Encryption at rest of what a session holds (tokens, the login transaction):
// AES-256-GCM with a random 96-bit nonce, bound by its additional data to the
// row or cookie it belongs to, so a sealed value moved elsewhere does not open.
// Layout: nonce (12) | tag (16) | ciphertext.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { readPrivateFile } from "../shared/private_file.js";

export class Sealer {
  private constructor(private readonly key: Buffer) {}

  // The key file holds 64 hex digits (openssl rand -hex 32), mode 0600.
  static fromFile(path: string): Sealer {
    const text = readPrivateFile(path, "--session-key-file").trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error("--session-key-file must hold 64 hex digits (32 bytes)");
    return new Sealer(Buffer.from(text, "hex"));
  }

  seal(plain: Buffer, aad: Buffer): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), body]);
  }

  // null when the value was altered, sealed under another key or for another aad.
  open(sealed: Buffer, aad: Buffer): Buffer | null {
    if (sealed.length < 28) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, sealed.subarray(0, 12));
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    } catch {
      return null;
    }
  }
}
