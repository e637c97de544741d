/**
 * The task sizes AWS Fargate accepts (Linux): task CPU units and, for each, the task memory in MiB. Pure data, no CDK
 * import. Source: Amazon ECS Developer Guide, "Troubleshoot Amazon ECS task definition invalid CPU or memory errors"
 * (https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html) and the RegisterTaskDefinition
 * `memory` parameter (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html):
 * 256 → 512, 1024, 2048; 512 → 1024–4096; 1024 → 2048–8192; 2048 → 4096–16384; 4096 → 8192–30720 (1024
 * increments); 8192 → 16384–61440 (4096 increments); 16384 → 32768–122880 (8192 increments; these two need Linux
 * platform 1.4.0 or later, the default).
 */

interface MemoryRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** The only sizes, where they are not a regular range. */
  readonly values?: readonly number[];
}

const FARGATE_SIZES: Record<number, MemoryRange> = {
  256: { min: 512, max: 2048, step: 512, values: [512, 1024, 2048] },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

/** The task CPU values Fargate accepts. */
export const FARGATE_CPU_VALUES: readonly number[] = Object.keys(FARGATE_SIZES).map(Number);

/** Whether Fargate accepts `cpu` units. */
export function isFargateCpu(cpu: number): boolean {
  return FARGATE_SIZES[cpu] !== undefined;
}

/** The memory sizes Fargate accepts with `cpu`, described (`2048 to 8192 in steps of 1024`); undefined for a bad cpu. */
export function fargateMemoryChoices(cpu: number): string | undefined {
  const range = FARGATE_SIZES[cpu];
  if (!range) return undefined;
  if (range.values) return range.values.join(', ');
  return `${range.min} to ${range.max} in steps of ${range.step}`;
}

/** Whether Fargate accepts `memoryMiB` with `cpu`. */
export function isFargateSize(cpu: number, memoryMiB: number): boolean {
  const range = FARGATE_SIZES[cpu];
  if (range?.values) return range.values.includes(memoryMiB);
  return range !== undefined
    && Number.isInteger(memoryMiB)
    && memoryMiB >= range.min
    && memoryMiB <= range.max
    && (memoryMiB - range.min) % range.step === 0;
}
