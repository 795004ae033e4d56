import { type Suppression } from '@authwatch/contracts';
import { ipInCidr, sameIp } from '@authwatch/net';

export interface SuppressionSubject {
  user_id: string;
  ip: string;
  country: string | undefined;
  /** Event time, ms. */
  at: number;
}

/** Why an anomaly is suppressed (allowlisted user, IP, network or country; maintenance window), or null. */
export function suppressionReason(rules: Suppression, subject: SuppressionSubject): string | null {
  if (rules.users.includes(subject.user_id)) return `user ${subject.user_id} is allowlisted`;
  if (rules.ips.some((ip) => sameIp(ip, subject.ip))) return `IP ${subject.ip} is allowlisted`;
  const network = rules.cidrs.find((cidr) => ipInCidr(subject.ip, cidr));
  if (network) return `IP ${subject.ip} is in allowlisted network ${network}`;
  if (subject.country && rules.countries.includes(subject.country)) return `country ${subject.country} is allowlisted`;
  const window = rules.maintenance.find((w) => subject.at >= Date.parse(w.start) && subject.at < Date.parse(w.end));
  if (window) return `maintenance window ${window.start} – ${window.end}${window.reason ? ` (${window.reason})` : ''}`;
  return null;
}
