// Generates the TypeScript types and service descriptors of proto/usulan/v1 into
// src/gen/ with Debian's protoc and this package's pinned protoc-gen-es, so that the
// console never hand-copies a message shape. src/gen is rebuilt from scratch each
// time (a removed .proto leaves no stale module behind) and is not committed.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, "..");
const protoRoot = resolve(pkg, "../../proto");
const out = join(pkg, "src/gen");
const plugin = join(pkg, "node_modules/.bin/protoc-gen-es");

const protos = readdirSync(join(protoRoot, "usulan/v1"))
  .filter((f) => f.endsWith(".proto"))
  .sort()
  .map((f) => `usulan/v1/${f}`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(
  "protoc",
  [
    `--plugin=protoc-gen-es=${plugin}`,
    `--es_out=${out}`,
    "--es_opt=target=ts,import_extension=none",
    `-I${protoRoot}`,
    // The well-known types (timestamp, descriptor) ship with Debian's protobuf.
    "-I/usr/include",
    ...protos,
  ],
  { stdio: "inherit" },
);
console.log(`gen: ${protos.length} files -> src/gen`);
