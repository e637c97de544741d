import { Template } from 'aws-cdk-lib/assertions';
import { twoRegions, TwoRegions } from './fixtures';
import { AuroraGlobalPair, AuroraGlobalPairProps } from '../../src';

/** The tests' pair: `AuroraGlobalPair` at `<stack>/Database` with this global cluster identifier. */
export const GLOBAL_ID = 'payments-global';

export interface Built extends TwoRegions {
  readonly pair: AuroraGlobalPair;
  readonly primaryTemplate: Template;
  readonly standbyTemplate: Template;
}

export function build(props: Partial<AuroraGlobalPairProps> = {}, regions: TwoRegions = twoRegions()): Built {
  const pair = new AuroraGlobalPair(regions.primary, 'Database', {
    primaryVpc: regions.primaryVpc,
    secondaryVpc: regions.standbyVpc,
    globalClusterIdentifier: GLOBAL_ID,
    ...props,
  });
  return {
    ...regions,
    pair,
    primaryTemplate: Template.fromStack(regions.primary),
    standbyTemplate: Template.fromStack(regions.standby),
  };
}

/** The one resource of a type in a template, with its logical id. */
export function only(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}
