import { averagePathLength, heightLimitFor } from './c-factor';
import { compileHeap } from './heap-layout';
import { explainRow, type FeatureContribution } from './explain';
import { buildForest } from './forest-builder';
import { type FittedModel } from './model';
import { resolveOptions, type IsolationForestOptions, type ResolvedOptions } from './options';
import { scoreInto, type FastForms } from './score-kernel';
import { modelFromJSON, modelToJSON, type IsolationForestJSON } from './serialization';
import { compileWasmKernel } from './wasm-kernel';

/**
 * Isolation Forest (Liu, Ting & Zhou, ICDM 2008), optionally Extended (Hariri et al. 2019).
 * Scores are in (0, 1]: ≈1 anomalous, ≲0.5 normal.
 */
export class IsolationForest {
  private readonly options: ResolvedOptions;
  private model: FittedModel | null = null;
  /** Fast scoring forms of the current model (null: use the generic pointer kernel). */
  private fast: FastForms | null = null;

  constructor(options: IsolationForestOptions = {}) {
    this.options = resolveOptions(options);
  }

  /**
   * Trains on a row-major matrix (nRows × nFeatures). Always builds a fresh forest from the
   * configured seed, replacing any previous model (so refits are reproducible and never mix data).
   */
  fit(data: Float64Array, nFeatures: number, featureNames?: readonly string[]): this {
    if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new RangeError(`IsolationForest.fit: nFeatures must be a positive integer, got ${nFeatures}`);
    if (data.length % nFeatures !== 0) throw new RangeError(`IsolationForest.fit: data length ${data.length} is not a multiple of nFeatures ${nFeatures}`);
    const nRows = data.length / nFeatures;
    if (nRows < 2) throw new RangeError('IsolationForest.fit: need at least 2 rows');
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) throw new RangeError(`IsolationForest.fit: non-finite value at row ${Math.floor(i / nFeatures)}, feature ${i % nFeatures}`);
    }
    const names = featureNames ?? this.options.featureNames;
    if (names && names.length !== nFeatures) throw new RangeError(`IsolationForest.fit: ${names.length} feature names for ${nFeatures} features`);
    const { variant, nTrees, seed } = this.options;
    let extensionLevel: number | null = null;
    if (variant === 'extended') {
      extensionLevel = this.options.extensionLevel ?? nFeatures - 1;
      if (extensionLevel > nFeatures - 1) throw new RangeError(`IsolationForest.fit: extensionLevel ${extensionLevel} exceeds nFeatures − 1 = ${nFeatures - 1}`);
    }
    const sampleSize = Math.min(this.options.sampleSize, nRows);
    const heightLimit = heightLimitFor(sampleSize);
    const layout = buildForest(data, nFeatures, { nTrees, sampleSize, heightLimit, seed, extensionLevel });
    this.setModel({ layout, nFeatures, featureNames: names ? [...names] : null, nTrees, sampleSize, heightLimit, seed, variant, extensionLevel, trainingRows: nRows });
    return this;
  }

  /** Convenience: trains on an array of rows. */
  fitRows(rows: readonly (readonly number[])[], featureNames?: readonly string[]): this {
    const first = rows[0];
    if (!first) throw new RangeError('IsolationForest.fitRows: need at least 2 rows');
    return this.fit(flatten(rows, first.length), first.length, featureNames);
  }

  /** Scores a row-major batch; returns one score per row (written into `out` when given). */
  scoreBatch(data: Float64Array, nFeatures: number, out?: Float64Array): Float64Array {
    const model = this.fitted();
    if (nFeatures !== model.nFeatures) throw new RangeError(`IsolationForest.scoreBatch: model has ${model.nFeatures} features, got ${nFeatures}`);
    if (data.length % nFeatures !== 0) throw new RangeError(`IsolationForest.scoreBatch: data length ${data.length} is not a multiple of nFeatures ${nFeatures}`);
    const nRows = data.length / nFeatures;
    const result = out ?? new Float64Array(nRows);
    if (result.length !== nRows) throw new RangeError(`IsolationForest.scoreBatch: out has length ${result.length}, expected ${nRows}`);
    scoreInto(model.layout, this.fast, data, nFeatures, averagePathLength(model.sampleSize), result);
    return result;
  }

  /** Scores one row. */
  score(row: readonly number[]): number {
    const model = this.fitted();
    return this.scoreBatch(flatten([row], model.nFeatures), model.nFeatures)[0]!;
  }

  /** Per-feature share of the row's isolation, largest first (see explain.ts for the method). */
  explain(row: readonly number[]): FeatureContribution[] {
    const model = this.fitted();
    if (row.length !== model.nFeatures) throw new RangeError(`IsolationForest.explain: model has ${model.nFeatures} features, got ${row.length}`);
    return explainRow(model, row);
  }

  get isFitted(): boolean {
    return this.model !== null;
  }

  get nFeatures(): number {
    return this.fitted().nFeatures;
  }

  get featureNames(): readonly string[] | null {
    return this.fitted().featureNames;
  }

  /** Effective subsample size ψ of the current model (≤ the configured one). */
  get sampleSize(): number {
    return this.fitted().sampleSize;
  }

  /**
   * Which scoring kernel scoreBatch uses for the current model (all give identical scores):
   * 'wasm' (standard forests, where WebAssembly with SIMD is available), 'heap-js' (standard forests
   * without it) or 'pointer' (extended variant, or trees deeper than the heap form allows).
   */
  get scoringKernel(): 'wasm' | 'heap-js' | 'pointer' {
    this.fitted();
    if (this.fast?.wasm) return 'wasm';
    return this.fast?.heap ? 'heap-js' : 'pointer';
  }

  toJSON(): IsolationForestJSON {
    return modelToJSON(this.fitted());
  }

  /** Restores a model saved with toJSON(); throws on unknown formatVersion or malformed input. */
  static fromJSON(json: unknown): IsolationForest {
    const model = modelFromJSON(json);
    const forest = new IsolationForest({
      nTrees: model.nTrees,
      sampleSize: model.sampleSize,
      seed: model.seed,
      variant: model.variant,
      ...(model.featureNames ? { featureNames: model.featureNames } : {}),
      ...(model.extensionLevel !== null ? { extensionLevel: model.extensionLevel } : {}),
    });
    forest.setModel(model);
    return forest;
  }

  // Swaps model and derived scoring form together, so a refit never leaves stale trees behind.
  private setModel(model: FittedModel): void {
    this.model = model;
    const heap = compileHeap(model.layout, model.heightLimit);
    this.fast = heap === null ? null : { heap, wasm: compileWasmKernel(heap, model.nFeatures) };
  }

  private fitted(): FittedModel {
    if (!this.model) throw new Error('IsolationForest: call fit() (or fromJSON()) first');
    return this.model;
  }
}

function flatten(rows: readonly (readonly number[])[], nFeatures: number): Float64Array {
  const out = new Float64Array(rows.length * nFeatures);
  rows.forEach((row, r) => {
    if (row.length !== nFeatures) throw new RangeError(`IsolationForest: row ${r} has ${row.length} values, expected ${nFeatures}`);
    out.set(row, r * nFeatures);
  });
  return out;
}
