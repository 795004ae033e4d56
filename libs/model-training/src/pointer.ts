import { type ModelPointer } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';

export type PointerAction = { action: 'promote'; version: string } | { action: 'rollback' } | { action: 'reset' };

const MAX_HISTORY = 50;

/** The next promoted pointer of a scope: promote pushes the current version, rollback pops it, reset points to rules only. */
export function nextPointer(current: ModelPointer | undefined, scope: string, change: PointerAction, now: Date, by?: string): ModelPointer {
  const history = current ? [...current.history] : [];
  let version: string | null;
  if (change.action === 'promote') {
    if (current) history.push(current.version);
    version = change.version;
  } else if (change.action === 'rollback') {
    if (history.length === 0) throw new AuthwatchError('CONFLICT', `no previously promoted model to roll back to for scope ${scope}`);
    version = history.pop()!;
  } else {
    if (current) history.push(current.version);
    version = null;
  }
  return {
    schema_version: 1,
    kind: 'pointer',
    scope,
    version,
    history: history.slice(-MAX_HISTORY),
    action: change.action,
    revision: (current?.revision ?? 0) + 1,
    updated_at: now.toISOString(),
    ...(by !== undefined ? { updated_by: by } : {}),
  };
}
