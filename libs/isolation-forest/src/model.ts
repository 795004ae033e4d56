import { type ForestLayout } from './forest-layout';
import { type IsolationForestVariant } from './options';

/** Everything a trained forest needs to score and explain; immutable once built. */
export interface FittedModel {
  readonly layout: ForestLayout;
  readonly nFeatures: number;
  readonly featureNames: readonly string[] | null;
  readonly nTrees: number;
  /** Effective ψ (requested sample size capped at trainingRows). */
  readonly sampleSize: number;
  readonly heightLimit: number;
  readonly seed: number;
  readonly variant: IsolationForestVariant;
  /** Extended variant: features per hyperplane − 1; null for the standard variant. */
  readonly extensionLevel: number | null;
  readonly trainingRows: number;
}
