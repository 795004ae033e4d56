export type IsolationForestVariant = 'standard' | 'extended';

export interface IsolationForestOptions {
  /** Number of trees t (default 100). */
  readonly nTrees?: number;
  /** Subsample size ψ per tree (default 256); capped at the number of training rows. */
  readonly sampleSize?: number;
  /** PRNG seed (default 1). Same seed + same data ⇒ identical model and scores. */
  readonly seed?: number;
  /** Optional feature names, used by explain(); length must equal nFeatures at fit time. */
  readonly featureNames?: readonly string[];
  /** 'standard' (axis-parallel splits, default) or 'extended' (random hyperplanes, Hariri et al. 2019). */
  readonly variant?: IsolationForestVariant;
  /** Extended variant only: hyperplane spans extensionLevel + 1 features (default nFeatures − 1, fully extended). 0 ≈ standard. */
  readonly extensionLevel?: number;
}

export interface ResolvedOptions {
  readonly nTrees: number;
  readonly sampleSize: number;
  readonly seed: number;
  readonly featureNames: readonly string[] | null;
  readonly variant: IsolationForestVariant;
  readonly extensionLevel: number | null;
}

function atLeast(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new RangeError(`IsolationForest: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  return v;
}

export function resolveOptions(options: IsolationForestOptions): ResolvedOptions {
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError(`IsolationForest: seed must be a finite number, got ${String(seed)}`);
  const variant = options.variant ?? 'standard';
  if (variant !== 'standard' && variant !== 'extended') throw new RangeError(`IsolationForest: unknown variant '${String(variant)}'`);
  const ext = options.extensionLevel;
  if (ext !== undefined && (!Number.isInteger(ext) || ext < 0)) {
    throw new RangeError(`IsolationForest: extensionLevel must be a non-negative integer, got ${String(ext)}`);
  }
  return {
    nTrees: atLeast('nTrees', options.nTrees, 100, 1),
    sampleSize: atLeast('sampleSize', options.sampleSize, 256, 2),
    seed,
    featureNames: options.featureNames ? [...options.featureNames] : null,
    variant,
    extensionLevel: variant === 'extended' ? (ext ?? null) : null,
  };
}
