// What both programs (usulan-web, usulan-dev-idp) do around their main:
// listen and name the bound address, and exit 2 with the usage on a start-up
// failure.
import type { Server } from "node:net";
import { parseFlags, usage, type FlagSpec, type Flags } from "./flags.js";

// Resolves with "host:port" as a URL names it ([::1]:port for IPv6).
export async function listenOn(server: Server, listen: { host: string; port: number }): Promise<string> {
  await new Promise<void>((resolve) => server.listen(listen.port, listen.host, resolve));
  const bound = server.address() as import("node:net").AddressInfo;
  return `${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}`;
}

// Runs main with the command line's flags (flags.ts).
export function runMain(program: string, specs: FlagSpec[], main: (flags: Flags) => Promise<void>): void {
  Promise.resolve()
    .then(() => main(parseFlags(process.argv.slice(2), specs)))
    .catch((err: Error) => {
      process.stderr.write(`${program}: ${err.message}\n${usage(program, specs)}\n`);
      process.exit(2);
    });
}
