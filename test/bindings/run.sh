#!/usr/bin/env bash
# The consumer tests of the packages in dist/ (built by `npx projen package:bindings`): the README's TypeScript
# example synthesizes the reference, then the README's Python, Java and Go examples each synthesize into a
# cdk.out of their own (in parallel; BINDINGS_JOBS=1 runs them one after the other, for timing), and every
# template of every language must equal the TypeScript one (compare-assemblies.ts). Prints each step's time.
source "$(dirname "$0")/env.sh"
here="$root/test/bindings"
start=$(date +%s)
mkdir -p "$work" && rm -f "$work/timings"
bash "$here/typescript.sh"

languages=(python java go)
failed=()
if [ "${BINDINGS_JOBS:-3}" = 1 ]; then
  for language in "${languages[@]}"; do
    bash "$here/$language.sh" || failed+=("$language")
  done
else
  pids=()
  for language in "${languages[@]}"; do
    bash "$here/$language.sh" >"$work/$language.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!languages[@]}"; do
    if wait "${pids[$i]}"; then
      sed -n 's/.*\(bindings: \)/\1/p' "$work/${languages[$i]}.log" # (Maven prefixes colour resets)
    else
      failed+=("${languages[$i]}")
      echo "bindings: the ${languages[$i]} consumer failed; its output:" >&2
      cat "$work/${languages[$i]}.log" >&2
    fi
  done
fi
[ ${#failed[@]} -eq 0 ] || { echo "bindings: consumer(s) failed: ${failed[*]}" >&2; exit 1; }

node --import tsx "$here/compare-assemblies.ts" "$work/typescript/cdk.out" \
  python="$work/python/cdk.out" java="$work/java/cdk.out" go="$work/go/cdk.out"
synth="$(awk '/ synth /{printf "%s%s %s s", sep, $1, $3; sep=" | "}' "$work/timings")"
echo "bindings: synth times: $synth; consumers and comparison in $(( $(date +%s) - start )) s"
