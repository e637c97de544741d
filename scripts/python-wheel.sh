#!/usr/bin/env bash
# Build the Python wheel offline from the sources jsii-pacmak generated (--code-only) in dist/python,
# with the machine's setuptools (Debian's python3-setuptools); no PyPI. Then byte-compile the package.
set -euo pipefail
cd "$(dirname "$0")/.."
src=dist/python
[ -f "$src/setup.py" ] || { echo "python-wheel: $src/setup.py missing: run jsii-pacmak --code-only --target python first" >&2; exit 1; }
# Prefer Debian's interpreter (its setuptools/wheel come from apt); any python3 with both modules will do.
py=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import setuptools, wheel, pip' >/dev/null 2>&1; then py="$candidate"; break; fi
done
[ -n "$py" ] || {
  echo "python-wheel: no python3 with setuptools, wheel and pip (Debian: apt-get install -y python3-setuptools python3-wheel python3-pip)" >&2
  exit 1
}
out=dist/python-wheel
rm -rf "$out" && mkdir -p "$out"
"$py" -m pip wheel --no-deps --no-build-isolation --no-index -w "$out" "$src" >/dev/null
"$py" -m compileall -q "$src/src"
ls "$out"/*.whl
