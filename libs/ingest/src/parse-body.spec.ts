import { describe, expect, it } from 'vitest';
import { parseIngestBody } from './parse-body.js';

const good = (id: string) => ({ event_id: id, tenant_id: 'acme', occurred_at: '2026-11-22T10:00:00+01:00', type: 'login_failure', user_id: 'alice', ip: '2001:db8::1', user_agent: 'x' });

describe('parseIngestBody', () => {
  it('takes one object, an array, or NDJSON', () => {
    expect(parseIngestBody(good('a')).events.map((e) => e.line)).toEqual([1]);
    expect(parseIngestBody([good('a'), good('b')]).events.map((e) => e.event.event_id)).toEqual(['a', 'b']);
    const ndjson = `${JSON.stringify(good('a'))}\n\n${JSON.stringify(good('b'))}\n`;
    expect(parseIngestBody(ndjson).events.map((e) => [e.line, e.event.event_id])).toEqual([[1, 'a'], [3, 'b']]);
  });

  it('names each bad field with its line and keeps the good lines', () => {
    const body = [JSON.stringify(good('a')), '{not json', JSON.stringify({ ...good('c'), geo: { country: 'gb', lat: 91, lon: 0 }, extra: 1 })].join('\n');
    const parsed = parseIngestBody(body);
    expect(parsed.events.map((e) => e.event.event_id)).toEqual(['a']);
    expect(parsed.errors.map((e) => [e.line, e.field])).toEqual([
      [2, '(line)'],
      [3, 'geo.country'],
      [3, 'geo.lat'],
      [3, '(root)'],
    ]);
    expect(parsed.errors[3]!.message).toMatch(/extra/);
  });

  it('reports an empty body', () => {
    expect(parseIngestBody('').errors).toEqual([{ line: 0, field: '(body)', message: 'no events in the request body' }]);
  });
});
