import { LoginEventSchema, parseContract, type FieldIssue, type LoginEvent } from '@authwatch/contracts';

export interface LineError {
  /** 1-based: the NDJSON line, the array position, or 1 for a single object. */
  line: number;
  field: string;
  message: string;
}

export interface ParsedBatch {
  events: Array<{ line: number; event: LoginEvent }>;
  errors: LineError[];
}

/** Accepts one event object, a JSON array of events, or NDJSON text (one event per line). */
export function parseIngestBody(body: unknown): ParsedBatch {
  const items: Array<{ line: number; value: unknown } | { line: number; issue: FieldIssue }> = [];
  if (typeof body === 'string') {
    body.split('\n').forEach((text, index) => {
      if (text.trim() === '') return;
      try {
        items.push({ line: index + 1, value: JSON.parse(text) });
      } catch (error) {
        items.push({ line: index + 1, issue: { field: '(line)', message: `invalid JSON: ${(error as Error).message}` } });
      }
    });
  } else if (Array.isArray(body)) {
    body.forEach((value, index) => items.push({ line: index + 1, value }));
  } else if (body !== null && body !== undefined) {
    items.push({ line: 1, value: body });
  }
  const parsed: ParsedBatch = { events: [], errors: [] };
  if (items.length === 0) parsed.errors.push({ line: 0, field: '(body)', message: 'no events in the request body' });
  for (const item of items) {
    if ('issue' in item) {
      parsed.errors.push({ line: item.line, ...item.issue });
      continue;
    }
    const result = parseContract(LoginEventSchema, item.value);
    if (result.ok) parsed.events.push({ line: item.line, event: result.value });
    else for (const issue of result.issues) parsed.errors.push({ line: item.line, ...issue });
  }
  return parsed;
}
