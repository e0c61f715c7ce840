#!/usr/bin/env bash
# The layering of README "Where things live", checked on the sources: a folder's
# code includes only the folders below it in ORDER (and itself). Tests beside the
# code (*_test.cc, *_test_records.*) may also use tests/support. Prints each
# include that points up and exits 1 when there is one.
# Usage: check_layering.sh [ROOT]   (default: the repository)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
# Bottom to top; `usulan` is the generated proto library (usulan/v1/*.pb.h).
order=(base usulan workflow audit storage auth registry app jobs services server)
declare -A rank
for i in "${!order[@]}"; do rank[${order[$i]}]=$i; done
rank[proto]=${rank[usulan]}
status=0
for folder in base workflow audit storage auth registry app jobs services server; do
  [[ -d $root/$folder ]] || continue
  while IFS= read -r file; do
    case $file in *_test.cc|*_test_records.h|*_test_records.cc) test_file=1 ;; *) test_file=0 ;; esac
    while IFS= read -r target; do
      if [[ $target == tests && $test_file == 1 ]]; then continue; fi
      [[ -n ${rank[$target]+x} ]] || { [[ $target == tests || $target == tools ]] && {
        echo "layering: ${file#"$root"/} includes $target/"; status=1; }; continue; }
      if (( rank[$target] > rank[$folder] )); then
        echo "layering: ${file#"$root"/} ($folder) includes $target/, which is above it"
        status=1
      fi
    done < <(sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$file" | sort -u)
  done < <(find "$root/$folder" -name '*.h' -o -name '*.cc')
done
exit $status
