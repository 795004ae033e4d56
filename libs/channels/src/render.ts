import { type AlertNotification, type LoginSnapshot } from '@authwatch/contracts';

/** Shared wording of every channel: who, what, when, where, why. */
export function headline(n: AlertNotification): string {
  const { alert } = n;
  const prefix = n.kind === 'resolve' ? 'RESOLVED' : n.kind === 'escalate' ? `ESCALATED ${alert.severity.toUpperCase()}` : alert.severity.toUpperCase();
  return `[${prefix}] ${alert.detector} for ${alert.user_id} (${alert.tenant_id})`;
}

export function where(alert: AlertNotification['alert']): string {
  return [alert.ip, alert.country].filter(Boolean).join(', ') || 'unknown';
}

export function describeLogin(login: LoginSnapshot | null): string {
  if (!login) return 'none known';
  const place = [login.city, login.country].filter(Boolean).join(', ');
  return `${login.at} from ${login.ip}${place ? ` (${place})` : ''}${login.device ? ` on ${login.device}` : ''}`;
}

export function describeEvent(e: LoginSnapshot): string {
  const place = [e.city, e.country].filter(Boolean).join(', ');
  return `${e.at} ${e.type} from ${e.ip}${place ? ` (${place})` : ''}${e.device ? ` ${e.device}` : ''} — ${e.verdict ?? '?'}${e.risk !== undefined ? ` ${e.risk.toFixed(2)}` : ''}`;
}

export function describeEvidence(evidence: Record<string, string | number | boolean | null>): string {
  return Object.entries(evidence)
    .map(([k, v]) => `${k}=${v === null ? 'null' : String(v)}`)
    .join(', ');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
