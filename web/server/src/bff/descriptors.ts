// The usulan.v1 services as the build described them: a FileDescriptorSet
// written by protoc (--include_imports) from proto/usulan/v1/*.proto, loaded
// into a @bufbuild/protobuf registry. Everything the proxy serves comes from
// here, so a new RPC in proto/ needs no code in usulan-web.
import { readFileSync } from "node:fs";
import { createFileRegistry, fromBinary, type DescMethod, type DescService, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

export interface Services {
  registry: FileRegistry;
  services: DescService[];
  // "usulan.v1.ProposalService/ImportProposals" -> method
  methods: Map<string, DescMethod>;
}

export function loadServices(path: string, protoPackage = "usulan.v1"): Services {
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(path)));
  const services: DescService[] = [];
  const methods = new Map<string, DescMethod>();
  for (const type of registry) {
    if (type.kind !== "service" || !type.typeName.startsWith(`${protoPackage}.`)) continue;
    services.push(type);
    for (const method of type.methods) methods.set(`${type.typeName}/${method.name}`, method);
  }
  if (services.length === 0) throw new Error(`${path} describes no ${protoPackage} service`);
  return { registry, services, methods };
}
