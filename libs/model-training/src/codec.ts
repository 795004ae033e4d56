import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type ModelRecord } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { IsolationForest } from '@authwatch/isolation-forest';

/** The forest as a model record carries it: gzip + base64 keeps a 100-tree model well under Kafka's 1 MB. */
export function encodeForest(forest: IsolationForest): ModelRecord['forest'] {
  const json = JSON.stringify(forest.toJSON());
  return { encoding: 'gzip+base64', data: gzipSync(json).toString('base64'), sha256: createHash('sha256').update(json).digest('hex') };
}

export function decodeForest(encoded: ModelRecord['forest']): IsolationForest {
  const json = gunzipSync(Buffer.from(encoded.data, 'base64')).toString('utf8');
  if (createHash('sha256').update(json).digest('hex') !== encoded.sha256) throw new AuthwatchError('VALIDATION_FAILED', 'model forest checksum mismatch');
  return IsolationForest.fromJSON(JSON.parse(json));
}
