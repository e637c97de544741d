# Sourced by the consumer scripts in test/bindings: where things are, the versions of the TypeScript synthesis,
# the caches reused across runs, and a timer.
set -euo pipefail
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$root/.tmp/bindings"
# The TypeScript synthesis runs with the versions in node_modules: every language consumer pins the same ones.
cdk_version="$(node -p "require('$root/node_modules/aws-cdk-lib/package.json').version")"
constructs_version="$(node -p "require('$root/node_modules/constructs/package.json').version")"
package_version="$(node -p "require('$root/package.json').version")"
# Caches. Maven: the repository jsii-pacmak's Java build uses too (.projenrc.ts), in .tmp/ so that the jar installed
# there by the package build never shadows anything in ~/.m2. pip: a wheelhouse of what PyPI served (pip's own
# HTTP cache keeps nothing when the index sends no caching headers). Go: the user's module and build caches.
maven_repository="$root/.tmp/maven-repository"
wheelhouse="$root/.tmp/pip-wheelhouse"

# timed <label> <command...>: runs the command and records "<label> <seconds>" in $work/timings.
timed() {
  local label="$1" start end
  shift
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  mkdir -p "$work"
  local ms=$(((end - start) / 1000000))
  printf '%s %d.%d\n' "$label" $((ms / 1000)) $((ms % 1000 / 100)) | tee -a "$work/timings" | sed 's/^/bindings: /; s/$/ s/'
}

readme_example() { # readme_example <language> <output file>
  node --import tsx "$root/test/bindings/readme-example.ts" "$1" "$2"
}
