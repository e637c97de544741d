#!/usr/bin/env bash
# The README's Go example as a module (test/bindings/go/go.mod) that requires aws-cdk-go v2 at the TypeScript
# synthesis' version and uses the Go module jsii-pacmak generated (dist/go) through a `replace` directive;
# built, then run; synthesizes into .tmp/bindings/go/cdk.out.
source "$(dirname "$0")/env.sh"
dir="$work/go"
module="$root/dist/go/cdkdrpaymentplatform"
[ -f "$module/go.mod" ] || { echo "bindings: no Go module in dist/go: run npx projen package:go first" >&2; exit 1; }
rm -rf "$dir" && mkdir -p "$dir"
cp "$root/test/bindings/go/go.mod" "$root/test/bindings/go/go.sum" "$dir/"
readme_example go "$dir/main.go"
cd "$dir"
grep -q "^	github.com/aws/aws-cdk-go/awscdk/v2 v$cdk_version$" go.mod ||
  { echo "bindings: test/bindings/go/go.mod must require aws-cdk-go v$cdk_version, the TypeScript synthesis' version" >&2; exit 1; }
go mod edit -replace "github.com/example/cdk-dr-payment-platform-go/cdkdrpaymentplatform=$module"
timed "go build" go build -o payments .
CDK_OUTDIR="$dir/cdk.out" timed "go synth" ./payments
