import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envBool, envInt, envList, kafkaEnv } from './env-fields.js';
import { loadConfig } from './load-config.js';

const schema = z.object({ ...kafkaEnv, BATCH_SIZE: envInt(500, 1, 10_000), DRY_RUN: envBool(false), TAGS: envList() });

describe('loadConfig', () => {
  it('applies defaults and coerces strings', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'a:9092, b:9092', BATCH_SIZE: '50', DRY_RUN: 'yes' });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(config.BATCH_SIZE).toBe(50);
    expect(config.DRY_RUN).toBe(true);
    expect(config.TAGS).toEqual([]);
    expect(config.KAFKA_TOPIC_PREFIX).toBe('authwatch');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig(schema, { BATCH_SIZE: '' }).BATCH_SIZE).toBe(500);
  });

  it('names every bad variable with the value it got', () => {
    const attempt = () => loadConfig(schema, { BATCH_SIZE: 'lots', KAFKA_PARTITIONS: '0' });
    expect(attempt).toThrowError(/BATCH_SIZE: must be a number \(got "lots"\)/);
    expect(attempt).toThrowError(/KAFKA_PARTITIONS: must be at least 1 \(got "0"\)/);
  });

  it('throws a coded, non-retriable error', () => {
    try {
      loadConfig(schema, { DRY_RUN: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFIG_INVALID', retriable: false, details: { variables: ['DRY_RUN'] } });
    }
  });
});
