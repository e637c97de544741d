import {
  DependencyKind,
  DependencyPhase,
  Locality,
  RegionalDependency,
  RegionalIndependence,
  RegionalStackDependencies,
} from '../../src/independence';
import { classify } from '../../src/independence/classify';

const PRIMARY = 'us-east-1';
const STANDBY = 'us-west-2';

function dep(kind: DependencyKind, region: string | undefined, phase = DependencyPhase.RUN_TIME): RegionalDependency {
  return { kind, consumer: `Service: ${kind.toLowerCase()}`, target: `the-${kind.toLowerCase()}`, region, phase };
}

function stacks(standbyDeps: RegionalDependency[], primaryDeps: RegionalDependency[] = []): RegionalStackDependencies[] {
  return [
    { stackName: 'Payments-Primary', region: PRIMARY, standby: false, dependencies: primaryDeps },
    { stackName: 'Payments-Standby', region: STANDBY, standby: true, dependencies: standbyDeps },
  ];
}

const ALL_KINDS = Object.values(DependencyKind);
/** A standby dependency that is fine (its own region's secret), next to the failing one. */
const STANDBY_OK = DependencyKind.SECRET;

describe('classify', () => {
  test.each([
    [STANDBY, DependencyPhase.RUN_TIME, Locality.OWN_REGION],
    [undefined, DependencyPhase.RUN_TIME, Locality.GLOBAL],
    [PRIMARY, DependencyPhase.DEPLOY_TIME, Locality.OTHER_REGION_DEPLOY_TIME],
    [PRIMARY, DependencyPhase.RUN_TIME, Locality.OTHER_REGION_RUN_TIME],
    ['eu-west-1', DependencyPhase.RUN_TIME, Locality.OTHER_REGION_RUN_TIME],
  ])('a dependency in %p needed at %p is %p from the standby', (region, phase, locality) => {
    expect(classify(dep(DependencyKind.ENDPOINT, region, phase), STANDBY)).toBe(locality);
  });
});

describe('RegionalIndependence', () => {
  test('own-region, global and deploy-time dependencies pass: no violation, no failure message', () => {
    const report = RegionalIndependence.analyse(PRIMARY, stacks([
      ...ALL_KINDS.map((k) => dep(k, STANDBY)),
      dep(DependencyKind.IMAGE, undefined),
      dep(DependencyKind.CROSS_REGION_REFERENCE, PRIMARY, DependencyPhase.DEPLOY_TIME),
    ]));
    expect(report.violations).toEqual([]);
    expect(RegionalIndependence.failureMessage(report)).toBeUndefined();
    expect(RegionalIndependence.formatTable(report)).toContain('needs nothing from the primary region (us-east-1) at run time');
  });

  test.each(ALL_KINDS)('a standby %s in the primary region at run time fails, naming the dependency and the fix', (kind) => {
    const report = RegionalIndependence.analyse(PRIMARY, stacks([dep(STANDBY_OK, STANDBY), dep(kind, PRIMARY)]));
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0].dependency.kind).toBe(kind);
    const message = RegionalIndependence.failureMessage(report)!;
    expect(message).toContain('The standby needs the primary region (us-east-1) at run time');
    expect(message).toContain(`${kind} the-${kind.toLowerCase()} (Payments-Standby: Service: ${kind.toLowerCase()}) lives in us-east-1`);
    expect(message).toMatch(/Fix: \S.{20,}/);
  });

  test('the primary may need the standby at run time (its log replication): reported, not a violation', () => {
    const report = RegionalIndependence.analyse(PRIMARY, stacks([], [dep(DependencyKind.S3_BUCKET, STANDBY)]));
    expect(report.dependencies[0].locality).toBe(Locality.OTHER_REGION_RUN_TIME);
    expect(report.violations).toEqual([]);
  });

  test('a standby dependency on a third region is reported as other region at run time, but only the primary fails synthesis', () => {
    const report = RegionalIndependence.analyse(PRIMARY, stacks([dep(DependencyKind.IMAGE, 'eu-west-1')]));
    expect(report.dependencies[0].locality).toBe(Locality.OTHER_REGION_RUN_TIME);
    expect(report.violations).toEqual([]);
  });

  test('the table counts per stack and kind and lists what lives outside the own region', () => {
    const report = RegionalIndependence.analyse(PRIMARY, stacks([dep(DependencyKind.SECRET, STANDBY), dep(DependencyKind.IMAGE, PRIMARY)]));
    const table = RegionalIndependence.formatTable(report);
    expect(table).toMatch(/Payments-Standby\s+SECRET\s+1\s+0\s+0\s+0/);
    expect(table).toMatch(/Payments-Standby\s+IMAGE\s+0\s+0\s+0\s+1/);
    expect(table).toMatch(/Payments-Standby\s+IMAGE\s+the-image\s+us-east-1\s+other region, run time/);
    expect(table).toContain('1 violation(s)');
  });
});
