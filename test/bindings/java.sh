#!/usr/bin/env bash
# The README's Java example compiled by Maven (test/bindings/java/pom.xml) against the jar jsii-pacmak built
# (dist/java) and aws-cdk-lib from Maven Central at the TypeScript synthesis' version, then run with exec:java;
# synthesizes into .tmp/bindings/java/cdk.out.
source "$(dirname "$0")/env.sh"
dir="$work/java"
[ -d "$root/dist/java/io/github/example/cdk-dr-payment-platform/$package_version" ] ||
  { echo "bindings: no jar in dist/java: run npx projen package:java first" >&2; exit 1; }
rm -rf "$dir" && mkdir -p "$dir/src/main/java"
cp "$root/test/bindings/java/pom.xml" "$dir/"
readme_example java "$dir/src/main/java/PaymentsApp.java"
# Our artifact is resolved from dist/java, never from a copy an earlier build left in the local repository.
rm -rf "$maven_repository/io/github/example/cdk-dr-payment-platform"
mvn_args=(-B -q -Dstyle.color=never -f "$dir/pom.xml" "-Dmaven.repo.local=$maven_repository" "-Dpayments.repository=file://$root/dist/java"
  "-Dpayments.version=$package_version" "-Dcdk.version=$cdk_version" "-Dconstructs.version=$constructs_version")
timed "java compile" mvn "${mvn_args[@]}" compile
CDK_OUTDIR="$dir/cdk.out" timed "java synth" mvn "${mvn_args[@]}" exec:java
