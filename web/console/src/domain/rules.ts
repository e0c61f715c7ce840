// Field limits read from the `(usulan.v1.rules)` options of the generated
// descriptors, so the console's inline checks use the very numbers the server's
// edge validation uses (proto/usulan/v1/field_rules.proto) instead of copies.
import { getOption, hasOption } from "@bufbuild/protobuf";
import type { DescMessage } from "@bufbuild/protobuf";
import { rules } from "../gen/usulan/v1/field_rules_pb";

/** The `max_chars` of a string field, or undefined when the field declares none. */
export function maxChars(message: DescMessage, localName: string): number | undefined {
  const field = message.fields.find((f) => f.localName === localName);
  if (!field || !hasOption(field, rules)) return undefined;
  return getOption(field, rules).maxChars;
}

/** The `max_items` of a repeated field, or undefined when the field declares none. */
export function maxItems(message: DescMessage, localName: string): number | undefined {
  const field = message.fields.find((f) => f.localName === localName);
  if (!field || !hasOption(field, rules)) return undefined;
  return getOption(field, rules).maxItems;
}

/** Length in Unicode code points, as the server counts `max_chars`. */
export function codePoints(text: string): number {
  return Array.from(text).length;
}
