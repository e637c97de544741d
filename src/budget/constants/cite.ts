/**
 * Builders of `RecoveryConstant`: every figure a term or estimate uses is cited as documented by AWS,
 * configured by an input, or assumed (AWS publishes no figure) and overridable.
 */
import { DocumentSource } from '../sources';
import { ConstantOrigin, RecoveryConstant } from '../types';

/** A figure AWS documents on `source`. */
export function documented(name: string, value: number, unit: string, source: DocumentSource, note: string): RecoveryConstant {
  return { name, value, unit, origin: ConstantOrigin.DOCUMENTED, sourceTitle: source.title, sourceUrl: source.url, note };
}

/** A figure set by the input `inputName` (its default or the given value). */
export function configured(name: string, value: number, unit: string, source: DocumentSource, note: string, inputName: string): RecoveryConstant {
  return { name, value, unit, origin: ConstantOrigin.CONFIGURED, sourceTitle: source.title, sourceUrl: source.url, note, inputName };
}

/**
 * A figure AWS does not publish: `ASSUMPTION` with the library default, or `CONFIGURED` when the input
 * overrides it (for example with a value measured in a drill).
 */
export function assumed(
  name: string, value: number, defaultValue: number, provided: boolean, source: DocumentSource, note: string, inputName: string,
): RecoveryConstant {
  return provided
    ? {
      name,
      value,
      unit: 'seconds',
      origin: ConstantOrigin.CONFIGURED,
      sourceTitle: source.title,
      sourceUrl: source.url,
      inputName,
      note: `set by ${inputName}, overriding the assumed ${defaultValue} s: ${note}`,
    }
    : {
      name,
      value,
      unit: 'seconds',
      origin: ConstantOrigin.ASSUMPTION,
      sourceTitle: source.title,
      sourceUrl: source.url,
      inputName,
      note: `assumption (AWS publishes no figure), overridable with ${inputName}: ${note}`,
    };
}
