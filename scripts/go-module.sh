#!/usr/bin/env bash
# Builds the Go module from the code jsii-pacmak generated (`jsii-pacmak --code-only --target go`, in dist/go): the
# steps of pacmak's own Go build (go mod tidy, go build ./...) after one correction. pacmak's go.mod pins, as
# `// indirect`, the npm versions of aws-cdk-lib's dependencies found in node_modules, and not all of them have a Go
# release: @aws-cdk/cloud-assembly-schema is 53.28.0 on npm, the Go proxy has cloud-assembly-schema-go up to v53.25.0,
# so pacmak's build stops at `go mod tidy` (403 "not available"). Dropping those optional pins lets Go select what
# github.com/aws/aws-cdk-go/awscdk/v2 itself requires. The module then ships a tidy go.mod and its go.sum.
set -euo pipefail
cd "$(dirname "$0")/.."
module="$(ls -d dist/go/*/ 2>/dev/null | head -1)"
[ -f "${module}go.mod" ] || { echo "go-module: no go.mod in dist/go: run jsii-pacmak --code-only --target go first" >&2; exit 1; }
cd "$module"
sed -i '/\/\/ indirect$/d' go.mod
go mod tidy
go build ./...
echo "go-module: $(head -1 go.mod | cut -d' ' -f2) builds with $(grep 'aws-cdk-go/awscdk/v2 ' go.mod | xargs)"
