import { type FeatureVector, type LoginEvent } from '@authwatch/contracts';

/**
 * Read-only features for the synchronous API's preview mode. Implemented outside this lib (a
 * follower of the enricher's changelog topics running the same FeatureEngine); the scorer only
 * consumes it.
 */
export interface FeaturePreview {
  /** Features the enricher would compute for this event if it were the next event of its user, IP and tenant (state as of the enricher's latest changelog). */
  preview(event: LoginEvent): FeatureVector;
  /** False until the replica has caught up with the changelogs (the API answers 503 meanwhile). */
  isReady(): boolean;
}
