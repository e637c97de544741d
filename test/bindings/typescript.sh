#!/usr/bin/env bash
# The reference: the README's TypeScript example, synthesized with the compiled library (lib/, what the npm
# tarball ships) into .tmp/bindings/typescript/cdk.out.
source "$(dirname "$0")/env.sh"
dir="$work/typescript"
rm -rf "$dir" && mkdir -p "$dir/node_modules"
[ -f "$root/lib/index.js" ] || { echo "bindings: lib/ is missing: run npx projen compile first" >&2; exit 1; }
ln -s "$root" "$dir/node_modules/cdk-dr-payment-platform" # the import in the README resolves to this checkout
readme_example ts "$dir/app.ts"
cd "$dir"
CDK_OUTDIR="$dir/cdk.out" timed "typescript synth" node --import tsx app.ts
