// Prints the scrypt hash of the password read from stdin (one line), for
// deploy/dev-accounts.json: `printf %s 'secret' | node dist/idp/hash_password_main.js`.
import { readFileSync } from "node:fs";
import { hashPassword } from "./password.js";

const password = readFileSync(0, "utf8").replace(/\r?\n$/, "");
if (password.length < 8) {
  process.stderr.write("password must be at least 8 characters\n");
  process.exit(2);
}
process.stdout.write(`${await hashPassword(password)}\n`);
