import { AuthwatchError } from '@authwatch/errors';
import { type z } from 'zod';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates the environment once at boot. The error names every bad variable and
 * why, so an operator can fix the deployment from the first log line.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  // Empty strings mean "unset" in most deployment tools (compose, Helm).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)';
    const given = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    return `${variable}: ${issue.message}${given === undefined ? '' : ` (got "${given}")`}`;
  });
  throw new AuthwatchError('CONFIG_INVALID', `invalid configuration — ${problems.join('; ')}`, {
    details: { variables: result.error.issues.map((i) => i.path.map(String).join('.')) },
  });
}
