#!/usr/bin/env bash
# The tree keeps its layering (tools/layering/check_layering.sh), and the check
# can fail: a planted include from workflow/ up into services/ is reported.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
check=$repo/tools/layering/check_layering.sh
bash "$check" "$repo"
echo "layering: the tree holds"

control=$(mktemp -d)
trap 'rm -rf "$control"' EXIT
mkdir -p "$control/workflow" "$control/services"
printf '#include "services/rpc_log.h"\n' > "$control/workflow/planted.cc"
if output=$(bash "$check" "$control"); then
  echo "control: a planted upward include was not reported" >&2
  exit 1
fi
grep -q "workflow/planted.cc (workflow) includes services/" <<<"$output" || {
  echo "control: unexpected report: $output" >&2; exit 1; }
echo "layering: the control's planted include was reported"
