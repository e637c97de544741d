/**
 * What may differ between two syntheses of the same app in different jsii languages, and the first place where
 * anything else differs.
 *
 * Normalized (everything else must be equal, byte for byte, in CDK's own serialization):
 * - the CDK analytics: every `AWS::CDK::Metadata` resource (it encodes the runtime language and versions) and the
 *   `CDKMetadataAvailable` condition that only it uses;
 * - the `aws:cdk:path` metadata of every resource;
 * - asset hashes (the ids of the assembly's file and image assets, wherever they occur: S3 keys, asset paths,
 *   nested template URLs). Each becomes `<asset:N>`, N numbered by first occurrence in the template, so that two
 *   assets swapped between resources are still a difference.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const DROPPED_METADATA = ['aws:cdk:path'];
const ANALYTICS_TYPE = 'AWS::CDK::Metadata';
const ANALYTICS_CONDITION = 'CDKMetadataAvailable';

/** The template with what legitimately differs between languages normalized (see the file comment). */
export function normalizeTemplate(template: Json, assetHashes: ReadonlySet<string>): Json {
  const copy = structuredClone(template) as { [key: string]: Json };
  const resources = copy.Resources as { [id: string]: { [key: string]: Json } } | undefined;
  for (const [id, resource] of Object.entries(resources ?? {})) {
    if (resource.Type === ANALYTICS_TYPE) {
      delete resources![id];
      continue;
    }
    const metadata = resource.Metadata as { [key: string]: Json } | undefined;
    for (const key of DROPPED_METADATA) {
      delete metadata?.[key];
    }
    if (metadata && Object.keys(metadata).length === 0) {
      delete resource.Metadata;
    }
  }
  const conditions = copy.Conditions as { [id: string]: Json } | undefined;
  if (conditions) {
    delete conditions[ANALYTICS_CONDITION];
    if (Object.keys(conditions).length === 0) {
      delete copy.Conditions;
    }
  }
  return replaceHashes(copy, assetHashes);
}

function replaceHashes(template: Json, assetHashes: ReadonlySet<string>): Json {
  if (assetHashes.size === 0) {
    return template;
  }
  const pattern = new RegExp([...assetHashes].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  const labels = new Map<string, string>();
  const label = (text: string) =>
    text.replace(pattern, (hash) => {
      if (!labels.has(hash)) {
        labels.set(hash, `<asset:${labels.size + 1}>`);
      }
      return labels.get(hash)!;
    });
  const walk = (value: Json): Json => {
    if (typeof value === 'string') {
      return label(value);
    }
    if (Array.isArray(value)) {
      return value.map(walk);
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [label(k), walk(v)]));
    }
    return value;
  };
  return walk(template);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The first JSON path at which `actual` differs from `expected` (key order included: CDK serializes in insertion
 * order, so a different order is a different byte), with both values; undefined when they are equal.
 */
export function firstDifference(expected: Json, actual: Json, at = '$'): string | undefined {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) {
      return `${at}: ${show(expected)} != ${show(actual)}`;
    }
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      const inner = firstDifference(expected[i], actual[i], `${at}[${i}]`);
      if (inner) {
        return inner;
      }
    }
    return expected.length === actual.length ? undefined : `${at}: ${expected.length} items != ${actual.length} items`;
  }
  if (isObject(expected) && isObject(actual)) {
    const expectedKeys = Object.keys(expected);
    const actualKeys = Object.keys(actual);
    for (let i = 0; i < Math.max(expectedKeys.length, actualKeys.length); i++) {
      const [e, a] = [expectedKeys[i], actualKeys[i]];
      if (e !== a) {
        if (e === undefined || !(e in actual)) {
          return e === undefined ? `${at}.${a}: only in this synthesis` : `${at}.${e}: missing (expected ${show(expected[e])})`;
        }
        return !(a in expected) ? `${at}.${a}: only in this synthesis` : `${at}: key order differs at ${e} / ${a}`;
      }
      const inner = firstDifference(expected[e], actual[a], `${at}.${e}`);
      if (inner) {
        return inner;
      }
    }
    return undefined;
  }
  return expected === actual ? undefined : `${at}: expected ${show(expected)}, got ${show(actual)}`;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function show(value: Json | undefined): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

export type { Json };
