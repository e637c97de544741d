#!/usr/bin/env bash
# The README's Python example in a fresh virtual environment with the wheel jsii-pacmak built (dist/python),
# aws-cdk-lib and constructs from PyPI at the TypeScript synthesis' versions; synthesizes into
# .tmp/bindings/python/cdk.out.
source "$(dirname "$0")/env.sh"
dir="$work/python"
wheel="$(ls "$root"/dist/python/cdk_dr_payment_platform-"$package_version"-py3-none-any.whl 2>/dev/null || true)"
[ -n "$wheel" ] || { echo "bindings: no wheel in dist/python: run npx projen package:python first" >&2; exit 1; }
rm -rf "$dir" && mkdir -p "$dir" "$wheelhouse"
requirements=("$wheel" "aws-cdk-lib==$cdk_version" "constructs==$constructs_version")

install() {
  python3 -m venv "$dir/venv"
  # From the wheelhouse when it holds everything; otherwise PyPI fills it first (our own wheel never goes in).
  if ! "$dir/venv/bin/pip" install --quiet --no-index --find-links "$wheelhouse" "${requirements[@]}" 2>/dev/null; then
    echo "bindings: downloading the Python requirements from PyPI into $wheelhouse"
    "$dir/venv/bin/pip" download --quiet --dest "$wheelhouse" "${requirements[@]}"
    rm -f "$wheelhouse"/cdk_dr_payment_platform-*.whl
    "$dir/venv/bin/pip" install --quiet --no-index --find-links "$wheelhouse" "${requirements[@]}"
  fi
}
timed "python install" install
readme_example python "$dir/app.py"
cd "$dir"
CDK_OUTDIR="$dir/cdk.out" timed "python synth" venv/bin/python app.py
