#!/usr/bin/env bash
# A separate consumer project installs the packed tarball (dist/js/*.tgz, made by `package:js`) with aws-cdk-lib
# and constructs, then synthesizes a DrPaymentPlatform with NO esbuild and NO Docker: both are shadowed on PATH by
# stubs that fail loudly, and esbuild must not be in the consumer's node_modules. Proves the pre-bundled Lambda
# assets ship in the package, and that the tarball holds exactly what it should (scripts/package-contents.ts).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tgz="$(ls "$root"/dist/js/cdk-dr-payment-platform@*.jsii.tgz 2>/dev/null | head -1 || true)"
[ -n "$tgz" ] || { echo "consumer-smoke: no tarball in dist/js: run npx projen package:js first" >&2; exit 1; }
# The tarball installed below is the one checked here: allow-listed contents, size budget.
(cd "$root" && node --import tsx scripts/package-contents.ts "$tgz")
cdk_version="$(node -p "require('$root/node_modules/aws-cdk-lib/package.json').version")"
constructs_version="$(node -p "require('$root/node_modules/constructs/package.json').version")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/shim" "$work/app"
for tool in docker esbuild; do
  printf '#!/bin/sh\necho "consumer-smoke: %s was called: the package must not need it" >&2\nexit 97\n' "$tool" >"$work/shim/$tool"
  chmod +x "$work/shim/$tool"
done

cd "$work/app"
npm init -y >/dev/null
cp "$tgz" ./cdk-dr-payment-platform.tgz
npm install --no-audit --no-fund --prefer-offline --loglevel=error \
  ./cdk-dr-payment-platform.tgz "aws-cdk-lib@$cdk_version" "constructs@$constructs_version" >/dev/null
if [ -e node_modules/esbuild ]; then
  echo "consumer-smoke: esbuild was installed into the consumer project" >&2; exit 1
fi
cat >app.js <<'JS'
const { App } = require('aws-cdk-lib');
const fs = require('fs');
const path = require('path');
const { DrPaymentPlatform } = require('cdk-dr-payment-platform');

const app = new App({ outdir: 'cdk.out' });
const platform = new DrPaymentPlatform(app, 'Payments', {
  account: '111111111111',
  primaryRegion: 'eu-west-1',
  standbyRegion: 'eu-central-1',
  domainName: 'pay.example.net',
  hostedZone: { hostedZoneId: 'Z0EXAMPLE0000', zoneName: 'example.net' },
  alertEmails: ['oncall@example.net'],
});
const assembly = app.synth();
let lambdas = 0;
for (const stack of assembly.stacks) {
  const template = JSON.parse(fs.readFileSync(stack.templateFullPath, 'utf-8'));
  for (const r of Object.values(template.Resources)) {
    if (r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs22.x') lambdas++;
  }
}
const staged = fs.readdirSync(assembly.directory).filter((f) => f.startsWith('asset.') && fs.existsSync(path.join(assembly.directory, f, 'index.js')));
if (lambdas < 3 || staged.length < 2) {
  throw new Error(`expected the validation and migration functions with staged bundles, got ${lambdas} functions, ${staged.length} bundles`);
}
console.log(`consumer-smoke: synthesized ${assembly.stacks.length} stacks, ${lambdas} Node.js 22 functions, ${staged.length} pre-bundled assets; RTO <= ${platform.recoveryBudget.rtoHighSeconds} s`);
JS
PATH="$work/shim:$PATH" node app.js
