import { heightLimitFor } from './c-factor';
import { HYPERPLANE, LEAF, type ForestLayout } from './forest-layout';
import { type FittedModel } from './model';
import { type IsolationForestVariant } from './options';

/** Bump when the JSON shape or its meaning changes; loaders reject versions they do not know. */
export const FORMAT_VERSION = 1;

export interface IsolationForestTreesJSON {
  readonly treeRoots: number[];
  readonly splitFeature: number[];
  readonly splitValue: number[];
  readonly left: number[];
  readonly right: number[];
  readonly leafPathLength: number[];
  readonly nodeSize: number[];
  /** Extended variant only. */
  readonly normalOffset?: number[];
  readonly normalIndex?: number[];
  readonly normalCoef?: number[];
}

export interface IsolationForestJSON {
  readonly formatVersion: typeof FORMAT_VERSION;
  readonly variant: IsolationForestVariant;
  readonly nFeatures: number;
  readonly featureNames: string[] | null;
  readonly nTrees: number;
  readonly sampleSize: number;
  readonly heightLimit: number;
  readonly seed: number;
  readonly extensionLevel: number | null;
  readonly trainingRows: number;
  readonly trees: IsolationForestTreesJSON;
}

// Plain number arrays: JSON's shortest round-trip number formatting restores every double exactly,
// so a loaded model scores bit-identically (−0 may come back as 0, which compares identically).
export function modelToJSON(model: FittedModel): IsolationForestJSON {
  const l = model.layout;
  const hp = l.hyperplanes;
  return {
    formatVersion: FORMAT_VERSION,
    variant: model.variant,
    nFeatures: model.nFeatures,
    featureNames: model.featureNames ? [...model.featureNames] : null,
    nTrees: model.nTrees,
    sampleSize: model.sampleSize,
    heightLimit: model.heightLimit,
    seed: model.seed,
    extensionLevel: model.extensionLevel,
    trainingRows: model.trainingRows,
    trees: {
      treeRoots: Array.from(l.treeRoots),
      splitFeature: Array.from(l.splitFeature),
      splitValue: Array.from(l.splitValue),
      left: Array.from(l.left),
      right: Array.from(l.right),
      leafPathLength: Array.from(l.leafPathLength),
      nodeSize: Array.from(l.nodeSize),
      ...(hp ? { normalOffset: Array.from(hp.normalOffset), normalIndex: Array.from(hp.normalIndex), normalCoef: Array.from(hp.normalCoef) } : {}),
    },
  };
}

class ModelFormatError extends Error {
  constructor(message: string) {
    super(`IsolationForest.fromJSON: ${message}`);
    this.name = 'ModelFormatError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int(obj: Record<string, unknown>, key: string, min: number): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ModelFormatError(`'${key}' must be an integer ≥ ${min}`);
  return v;
}

function numbers(obj: Record<string, unknown>, key: string, integer: boolean): number[] {
  const v = obj[key];
  if (!Array.isArray(v)) throw new ModelFormatError(`'trees.${key}' must be an array of numbers`);
  for (const x of v) {
    if (typeof x !== 'number' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      throw new ModelFormatError(`'trees.${key}' must contain only finite ${integer ? 'integers' : 'numbers'}`);
    }
  }
  return v as number[];
}

/** Validates untrusted JSON (version first) and rebuilds the typed-array layout. */
export function modelFromJSON(json: unknown): FittedModel {
  if (!isRecord(json)) throw new ModelFormatError('expected an object');
  if (json['formatVersion'] !== FORMAT_VERSION) {
    throw new ModelFormatError(`unsupported formatVersion ${JSON.stringify(json['formatVersion'])}; this build reads formatVersion ${FORMAT_VERSION}`);
  }
  const variant = json['variant'];
  if (variant !== 'standard' && variant !== 'extended') throw new ModelFormatError(`unknown variant ${JSON.stringify(variant)}`);
  const nFeatures = int(json, 'nFeatures', 1);
  const nTrees = int(json, 'nTrees', 1);
  const sampleSize = int(json, 'sampleSize', 2);
  const trainingRows = int(json, 'trainingRows', sampleSize);
  const heightLimit = int(json, 'heightLimit', 0);
  if (heightLimit !== heightLimitFor(sampleSize)) throw new ModelFormatError(`'heightLimit' does not match sampleSize`);
  const seed = json['seed'];
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ModelFormatError(`'seed' must be a finite number`);
  const names = json['featureNames'];
  let featureNames: string[] | null = null;
  if (names !== null && names !== undefined) {
    if (!Array.isArray(names) || names.length !== nFeatures || !names.every((n) => typeof n === 'string')) {
      throw new ModelFormatError(`'featureNames' must be null or ${nFeatures} strings`);
    }
    featureNames = names as string[];
  }
  const ext = json['extensionLevel'];
  let extensionLevel: number | null = null;
  if (variant === 'extended') extensionLevel = int(json, 'extensionLevel', 0);
  else if (ext !== null && ext !== undefined) throw new ModelFormatError(`'extensionLevel' is only valid for the extended variant`);

  const trees = json['trees'];
  if (!isRecord(trees)) throw new ModelFormatError(`'trees' must be an object`);
  const layout = layoutFromJSON(trees, nFeatures, nTrees, variant === 'extended');
  return { layout, nFeatures, featureNames, nTrees, sampleSize, heightLimit, seed, variant, extensionLevel, trainingRows };
}

function layoutFromJSON(trees: Record<string, unknown>, nFeatures: number, nTrees: number, extended: boolean): ForestLayout {
  const splitFeature = numbers(trees, 'splitFeature', true);
  const n = splitFeature.length;
  const fields = ['splitValue', 'left', 'right', 'leafPathLength', 'nodeSize'] as const;
  const [splitValue, left, right, leafPathLength, nodeSize] = fields.map((k) => {
    const a = numbers(trees, k, k !== 'splitValue' && k !== 'leafPathLength');
    if (a.length !== n) throw new ModelFormatError(`'trees.${k}' has ${a.length} entries, expected ${n}`);
    return a;
  }) as [number[], number[], number[], number[], number[]];
  const treeRoots = numbers(trees, 'treeRoots', true);
  if (treeRoots.length !== nTrees) throw new ModelFormatError(`'trees.treeRoots' has ${treeRoots.length} entries, expected ${nTrees}`);
  if (treeRoots.some((r) => r < 0 || r >= n)) throw new ModelFormatError(`'trees.treeRoots' points outside the node arrays`);
  for (let i = 0; i < n; i++) {
    const f = splitFeature[i]!;
    if (f === LEAF) continue;
    const validSplit = f >= 0 ? f < nFeatures : extended && f === HYPERPLANE;
    // Children strictly after their parent (pre-order) guarantees every traversal terminates.
    if (!validSplit || !(left[i]! > i && left[i]! < n && right[i]! > i && right[i]! < n)) {
      throw new ModelFormatError(`node ${i} is malformed`);
    }
  }
  let hyperplanes: ForestLayout['hyperplanes'] = null;
  if (extended) {
    const normalOffset = numbers(trees, 'normalOffset', true);
    const normalIndex = numbers(trees, 'normalIndex', true);
    const normalCoef = numbers(trees, 'normalCoef', false);
    if (normalOffset.length !== n + 1 || normalIndex.length !== normalCoef.length || normalOffset[0] !== 0 || normalOffset[n] !== normalIndex.length) {
      throw new ModelFormatError(`hyperplane arrays are inconsistent`);
    }
    for (let i = 0; i < n; i++) if (normalOffset[i + 1]! < normalOffset[i]!) throw new ModelFormatError(`'trees.normalOffset' must be non-decreasing`);
    if (normalIndex.some((q) => q < 0 || q >= nFeatures)) throw new ModelFormatError(`'trees.normalIndex' refers to a missing feature`);
    hyperplanes = { normalOffset: Int32Array.from(normalOffset), normalIndex: Int32Array.from(normalIndex), normalCoef: Float64Array.from(normalCoef) };
  }
  return {
    treeRoots: Int32Array.from(treeRoots),
    splitFeature: Int32Array.from(splitFeature),
    splitValue: Float64Array.from(splitValue),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leafPathLength: Float64Array.from(leafPathLength),
    nodeSize: Int32Array.from(nodeSize),
    hyperplanes,
  };
}
