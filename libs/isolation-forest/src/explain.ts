import { LEAF } from './forest-layout';
import { type FittedModel } from './model';
import { goesLeft } from './score-kernel';

export interface FeatureContribution {
  /** Feature name when the model has names, else its column index. */
  readonly feature: string | number;
  /** Column index of the feature. */
  readonly index: number;
  /** Share of the point's isolation credited to this feature; all contributions sum to 1 (or all are 0). */
  readonly contribution: number;
}

/**
 * Path-based attribution. For every tree we follow x's path; at each internal node the split
 * is credited with the isolation it achieved for x, log2(|parent| / max(1, |child x goes to|)),
 * measured in training-sample counts. A split that cuts x away from the bulk earns ~log2 |parent|,
 * one that leaves x with most of the data earns ~0, and per tree the gains add up to log2(ψ / |leaf|),
 * so shallow (early) isolation is what gets weighted. Gains are summed per feature over all trees
 * and normalised to sum to 1. Extended-variant hyperplanes share their gain among their features in
 * proportion to |coefficient| (an approximation: coefficients are not scale-free).
 */
export function explainRow(model: FittedModel, row: ArrayLike<number>): FeatureContribution[] {
  const { layout, nFeatures } = model;
  const credit = new Float64Array(nFeatures);
  const hp = layout.hyperplanes;
  for (let t = 0; t < layout.treeRoots.length; t++) {
    let node = layout.treeRoots[t]!;
    while (layout.splitFeature[node] !== LEAF) {
      const child = goesLeft(layout, node, row) ? layout.left[node]! : layout.right[node]!;
      const gain = Math.log2(layout.nodeSize[node]! / Math.max(1, layout.nodeSize[child]!));
      const f = layout.splitFeature[node]!;
      if (f >= 0) {
        credit[f] = credit[f]! + gain;
      } else if (hp !== null) {
        const from = hp.normalOffset[node]!;
        const to = hp.normalOffset[node + 1]!;
        let norm = 0;
        for (let j = from; j < to; j++) norm += Math.abs(hp.normalCoef[j]!);
        for (let j = from; j < to; j++) {
          const q = hp.normalIndex[j]!;
          credit[q] = credit[q]! + (gain * Math.abs(hp.normalCoef[j]!)) / norm;
        }
      }
      node = child;
    }
  }
  let total = 0;
  for (let f = 0; f < nFeatures; f++) total += credit[f]!;
  const out: FeatureContribution[] = [];
  for (let f = 0; f < nFeatures; f++) {
    out.push({ feature: model.featureNames?.[f] ?? f, index: f, contribution: total > 0 ? credit[f]! / total : 0 });
  }
  // Largest first; ties keep column order so the output is deterministic.
  return out.sort((a, b) => b.contribution - a.contribution || a.index - b.index);
}
