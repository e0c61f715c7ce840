// Command-line flags with environment fallbacks, shared by usulan-web and the
// development identity provider: one table per program, `--name value` or
// `--name=value`, the environment variable next, then the default. A flag not
// in the table is an error, so a typo never silently falls back to a default.

export interface FlagSpec {
  name: string; // without the leading dashes
  env: string;
  help: string;
  default?: string; // absent: required
}

export type Flags = Record<string, string>;

export function usage(program: string, specs: FlagSpec[]): string {
  const lines = specs.map((s) => {
    const def = s.default === undefined ? "required" : s.default === "" ? "optional" : `default ${s.default}`;
    return `  --${s.name} (${s.help}; ${def}) [${s.env}]`;
  });
  return `usage: ${program} [flags]\n${lines.join("\n")}`;
}

// Throws an Error naming the flag when one is unknown, lacks a value or is
// required and missing.
export function parseFlags(argv: string[], specs: FlagSpec[], env: NodeJS.ProcessEnv = process.env): Flags {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!specs.some((s) => s.name === name)) throw new Error(`unknown flag --${name}`);
    let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    given.set(name, value);
  }
  const flags: Flags = {};
  for (const spec of specs) {
    const value = given.get(spec.name) ?? env[spec.env] ?? spec.default;
    if (value === undefined) throw new Error(`--${spec.name} (${spec.env}) is required`);
    flags[spec.name] = value;
  }
  return flags;
}

// A positive integer flag; throws naming the flag otherwise.
export function intFlag(flags: Flags, name: string, min: number, max: number): number {
  const text = flags[name] ?? "";
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < min || value > max) {
    throw new Error(`--${name} must be an integer in ${min}..${max}`);
  }
  return value;
}

// host:port with a loopback or any host; port 0 asks for a free one.
export function splitListen(flags: Flags, name: string): { host: string; port: number } {
  const text = flags[name] ?? "";
  const m = /^(\[[0-9a-fA-F:]+\]|[^:]+):([0-9]{1,5})$/.exec(text);
  if (!m || Number(m[2]) > 65535) throw new Error(`--${name} must be HOST:PORT`);
  return { host: m[1]!.replace(/^\[|\]$/g, ""), port: Number(m[2]) };
}

export function isLoopbackHost(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost" || host === "[::1]";
}

// The role and region claim names, as usulan-server's flags of the same names
// (docs/tokens.md): one definition for the provider that writes them and
// usulan-web that reads them.
export function claimFlags(envPrefix: string): FlagSpec[] {
  return [
    { name: "role-claim", env: `${envPrefix}_ROLE_CLAIM`, help: "claim naming the role (usulan-server --role-claim)", default: "usulan_role" },
    { name: "region-claim", env: `${envPrefix}_REGION_CLAIM`, help: "claim naming the region (usulan-server --region-claim)", default: "usulan_region" },
  ];
}
