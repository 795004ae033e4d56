import { type ScoredEvent, type Severity } from '@authwatch/contracts';

/** A scored event for tests: anomalous by default, one reason with evidence. */
export function scoredEvent(id: string, o: { tenant?: string; user?: string; at?: string; verdict?: 'normal' | 'anomalous'; severity?: Severity; code?: string; ip?: string } = {}): ScoredEvent {
  const tenant = o.tenant ?? 'acme';
  const user = o.user ?? 'alice';
  const at = o.at ?? new Date().toISOString();
  const verdict = o.verdict ?? 'anomalous';
  return {
    event: { schema_version: 1, event_id: id, tenant_id: tenant, occurred_at: at, type: 'login_success', user_id: user, ip: o.ip ?? '203.0.113.9', user_agent: 'Mozilla/5.0', geo: { country: 'KP', city: 'Pyongyang', lat: 39, lon: 125.7 } },
    features: { schema_version: 1, event_id: id, tenant_id: tenant, user_id: user, computed_at: at, engine_version: '1', numeric: {}, categorical: { browser_family: 'chrome', os_family: 'windows', device_type: 'desktop' } },
    score: {
      schema_version: 1, event_id: id, tenant_id: tenant, user_id: user, scored_at: at, risk: verdict === 'anomalous' ? 0.92 : 0.1, threshold: 0.5, verdict,
      severity: o.severity ?? (verdict === 'anomalous' ? 'high' : 'low'), decided_by: 'rules', model_version: null, ruleset_version: 'r1',
      reasons: verdict === 'anomalous' ? [{ code: o.code ?? 'impossible_travel', message: 'Impossible travel', weight: 0.9, evidence: { speed_kmh: 5000 } }] : [],
    },
  };
}
