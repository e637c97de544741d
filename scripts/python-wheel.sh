#!/usr/bin/env bash
# Build the Python wheel offline from the sources jsii-pacmak generated (--code-only) in dist/python,
# with the machine's setuptools (Debian's python3-setuptools); no PyPI. Then byte-compile the package.
set -euo pipefail
cd "$(dirname "$0")/.."
src=dist/python
[ -f "$src/setup.py" ] || { echo "python-wheel: $src/setup.py missing: run jsii-pacmak --code-only --target python first" >&2; exit 1; }
python3 -c 'import setuptools, wheel' 2>/dev/null || {
  echo "python-wheel: python3 needs setuptools and wheel (Debian: apt-get install -y python3-setuptools python3-wheel)" >&2
  exit 1
}
out=dist/python-wheel
rm -rf "$out" && mkdir -p "$out"
python3 -m pip wheel --no-deps --no-build-isolation --no-index -w "$out" "$src" >/dev/null
python3 -m compileall -q "$src/src"
ls "$out"/*.whl
