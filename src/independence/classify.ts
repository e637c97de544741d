/** The classification of one dependency: pure, no CDK import. */
import { DependencyPhase, Locality, RegionalDependency } from './types';

/** Where `dependency` lives, seen from a stack in `stackRegion`. */
export function classify(dependency: RegionalDependency, stackRegion: string): Locality {
  if (dependency.region === undefined || dependency.region === '') {
    return Locality.GLOBAL;
  }
  if (dependency.region === stackRegion) {
    return Locality.OWN_REGION;
  }
  return dependency.phase === DependencyPhase.DEPLOY_TIME ? Locality.OTHER_REGION_DEPLOY_TIME : Locality.OTHER_REGION_RUN_TIME;
}
