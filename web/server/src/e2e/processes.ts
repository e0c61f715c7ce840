// Child processes of the browser tests: started with their output in a log
// file, waited for by a file they write once ready, and stopped by pid
// (SIGTERM, then SIGKILL after 10 s).
import { spawn, type ChildProcess, execFileSync } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export class Child {
  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
    readonly logPath: string,
  ) {}

  static start(name: string, command: string, args: string[], logPath: string, env: NodeJS.ProcessEnv = {}): Child {
    const out = openSync(logPath, "a");
    const child = spawn(command, args, { stdio: ["ignore", out, out], env: { ...process.env, ...env } });
    return new Child(name, child, logPath);
  }

  log(): string {
    return existsSync(this.logPath) ? readFileSync(this.logPath, "utf8") : "";
  }

  // Resolves with what `ready` extracts from the log or a file, once it does;
  // throws with the end of the log if the process exits first or 60 s pass
  // (generous: the machine is shared).
  async waitFor<T>(ready: () => T | null): Promise<T> {
    for (let i = 0; i < 600; i++) {
      const value = ready();
      if (value !== null) return value;
      if (this.process.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`${this.name} did not become ready:\n${this.log().slice(-3000)}`);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.kill("SIGTERM");
    const timer = setTimeout(() => this.process.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, { encoding: "utf8", env: { ...process.env, ...env } });
}

export function fileContent(path: string): string | null {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, "utf8").trim();
  return text === "" ? null : text;
}
