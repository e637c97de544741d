/** Synthesizes the reference app into the directory given as the first argument, without the checks. */
import { buildReferenceApp } from './reference-platform';

buildReferenceApp({ outdir: process.argv[2] ?? 'cdk.out' }).synth();
