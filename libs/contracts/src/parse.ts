import { type z } from 'zod';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `geo.lat`; `(root)` for the whole value. */
  field: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Validates a decoded value against a contract, naming each bad field. */
export function parseContract<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
      message: issue.message,
    })),
  };
}

/** Decodes JSON bytes then validates; malformed JSON is reported as a root issue. */
export function decodeContract<S extends z.ZodType>(schema: S, bytes: Buffer | string | null): ParseResult<z.output<S>> {
  if (bytes === null) return { ok: false, issues: [{ field: '(root)', message: 'empty message (tombstone)' }] };
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (error) {
    return { ok: false, issues: [{ field: '(root)', message: `invalid JSON: ${(error as Error).message}` }] };
  }
  return parseContract(schema, json);
}

export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join('; ');
}
