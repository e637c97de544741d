#!/usr/bin/env bash
# The README's first command, run as a newcomer would: a fresh `git clone` of this checkout's HEAD, an empty
# HOME, and a PATH reduced to Node's (no cfn-lint, no Python, no Docker, no AWS credentials):
#   env -i HOME=$(mktemp -d) PATH=/usr/bin:/bin bash -c 'npm ci && npx projen reference'
# Fails unless it exits 0 and prints the stacks, the recovery budget and the compliance summary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node_dir="$(dirname "$(command -v node)")"
newcomer_path="/usr/bin:/bin"
case ":$newcomer_path:" in *":$node_dir:"*) ;; *) newcomer_path="$node_dir:$newcomer_path" ;; esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/clone"
cd "$work/clone"
mkdir "$work/home"
status=0
env -i HOME="$work/home" PATH="$newcomer_path" bash -c 'npm ci --no-audit --no-fund && npx projen reference' \
  >"$work/out.log" 2>&1 || status=$?
fail() {
  echo "newcomer-check: $1 (PATH=$newcomer_path, fresh clone of HEAD). Its output:" >&2
  cat "$work/out.log" >&2
  exit 1
}
[ "$status" = 0 ] || fail "'npm ci && npx projen reference' exited $status"
for expected in 'Synthesized 4 stacks' 'Payments-Primary' 'Recovery budget' 'RTO ' 'RPO ' 'Compliance' 'cdk-nag (AwsSolutions'; do
  grep -qF -- "$expected" "$work/out.log" || fail "the report lacks '$expected'"
done
sed -n '/^Synthesized/,$p' "$work/out.log" | grep -E '^(Synthesized|RTO|RPO|cdk-nag|cfn-guard|cfn-lint|CDK synthesis)' | sed 's/^/newcomer-check: /'
echo "newcomer-check: the README's first command passed on a fresh clone with PATH=$newcomer_path"
