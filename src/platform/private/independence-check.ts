/**
 * The regional-independence check of the platform: synthesis fails when the standby needs the primary region at run
 * time (the message names each dependency and its fix). The analysis is src/independence/ (pure); the collector
 * extracts the dependencies from the prepared stacks.
 */
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { collectDependencies } from './independence-collector';
import { IndependenceReport, RegionalIndependence } from '../../independence';

/** The platform's regional stacks, the standby's marked. */
export interface PlatformRegionalStacks {
  readonly primaryRegion: string;
  readonly standbyStorage: Stack;
  readonly primary: Stack;
  readonly standby: Stack;
}

/** The analysis of the platform's regional stacks (once the app is prepared: during or after synthesis). */
export function analyseIndependence(stacks: PlatformRegionalStacks): IndependenceReport {
  return RegionalIndependence.analyse(stacks.primaryRegion, collectDependencies([
    { stack: stacks.standbyStorage, standby: true },
    { stack: stacks.primary, standby: false },
    { stack: stacks.standby, standby: true },
  ]));
}

/** Fails synthesis when the standby needs the primary region at run time. */
export function addIndependenceCheck(platform: Construct, stacks: PlatformRegionalStacks): void {
  platform.node.addValidation({
    validate: () => {
      const failure = RegionalIndependence.failureMessage(analyseIndependence(stacks));
      return failure ? [failure] : [];
    },
  });
}
