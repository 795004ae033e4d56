import { type Score } from '@authwatch/contracts';
import { ATTACK_SCENARIOS, type AttackScenario, type LabelledEvent } from '@authwatch/simulator';

/** One scored event of the test period, with its label. */
export interface ScoredLabelled {
  labelled: LabelledEvent;
  score: Score;
}

export interface ScenarioQuality {
  scenario: AttackScenario;
  attacks: number;
  attacksDetected: number;
  /** Attack-level recall: share of attacks with at least one anomalous event. */
  recall: number;
  events: number;
  eventsDetected: number;
  eventRecall: number;
  /** 1-based position of the first anomalous event within each detected attack (time order). */
  firstDetection: number[];
  /** Simulated seconds from the attack's first event to its first anomalous event. */
  firstDetectionSeconds: number[];
  /** Reason codes carried by the attack's anomalous events, with counts. */
  reasonCodes: Map<string, number>;
  /** Attacks with at least one event at `suspicious` or worse. */
  attacksFlagged: number;
  /** Undetected attacks: id, events, and the highest-risk event's risk and reason codes. */
  misses: Array<{ attackId: string; events: number; maxRisk: number; codes: string[] }>;
}

export interface BenignQuality {
  events: number;
  logins: number;
  anomalousEvents: number;
  anomalousLogins: number;
  perThousandEvents: number;
  perThousandLogins: number;
  /** Reason codes of the benign anomalous events (the false-positive causes), with counts. */
  reasonCodes: Map<string, number>;
  /** Distinct users with at least one benign anomalous event. */
  usersAffected: number;
}

export interface ModeQuality {
  scenarios: ScenarioQuality[];
  benign: BenignQuality;
  /** Verdicts decided with the model (decided_by model or model+rules), anomalous ones. */
  anomalousByModelOnly: number;
  decidedBy: Map<string, number>;
}

const LOGIN_TYPES = new Set(['login_success', 'login_failure']);

function inc(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export function evaluate(scored: readonly ScoredLabelled[]): ModeQuality {
  const byAttack = new Map<string, ScoredLabelled[]>();
  const benign: BenignQuality = { events: 0, logins: 0, anomalousEvents: 0, anomalousLogins: 0, perThousandEvents: 0, perThousandLogins: 0, reasonCodes: new Map(), usersAffected: 0 };
  const benignUsers = new Set<string>();
  const decidedBy = new Map<string, number>();
  let anomalousByModelOnly = 0;
  for (const s of scored) {
    inc(decidedBy, s.score.decided_by);
    const anomalous = s.score.verdict === 'anomalous';
    if (anomalous && s.score.decided_by === 'model') anomalousByModelOnly += 1;
    if (s.labelled.attackId !== null) {
      const list = byAttack.get(s.labelled.attackId) ?? [];
      list.push(s);
      byAttack.set(s.labelled.attackId, list);
      continue;
    }
    benign.events += 1;
    const login = LOGIN_TYPES.has(s.labelled.event.type);
    if (login) benign.logins += 1;
    if (!anomalous) continue;
    benign.anomalousEvents += 1;
    if (login) benign.anomalousLogins += 1;
    benignUsers.add(`${s.labelled.event.tenant_id}/${s.labelled.event.user_id}`);
    for (const r of s.score.reasons) inc(benign.reasonCodes, r.code);
  }
  benign.perThousandEvents = benign.events === 0 ? 0 : (1000 * benign.anomalousEvents) / benign.events;
  benign.perThousandLogins = benign.logins === 0 ? 0 : (1000 * benign.anomalousLogins) / benign.logins;
  benign.usersAffected = benignUsers.size;

  const scenarios: ScenarioQuality[] = ATTACK_SCENARIOS.map((scenario) => {
    const q: ScenarioQuality = { scenario, attacks: 0, attacksDetected: 0, recall: 0, events: 0, eventsDetected: 0, eventRecall: 0, firstDetection: [], firstDetectionSeconds: [], reasonCodes: new Map(), attacksFlagged: 0, misses: [] };
    for (const [attackId, events] of byAttack) {
      if (events[0]!.labelled.scenario !== scenario) continue;
      q.attacks += 1;
      q.events += events.length;
      const ordered = [...events].sort((a, b) => Date.parse(a.labelled.event.occurred_at) - Date.parse(b.labelled.event.occurred_at));
      const first = ordered.findIndex((e) => e.score.verdict === 'anomalous');
      for (const e of ordered) {
        if (e.score.verdict !== 'anomalous') continue;
        q.eventsDetected += 1;
        for (const r of e.score.reasons) inc(q.reasonCodes, r.code);
      }
      if (ordered.some((e) => e.score.verdict !== 'normal')) q.attacksFlagged += 1;
      if (first < 0) {
        const top = ordered.reduce((a, b) => (b.score.risk > a.score.risk ? b : a));
        q.misses.push({ attackId, events: ordered.length, maxRisk: top.score.risk, codes: top.score.reasons.map((r) => r.code) });
      }
      if (first >= 0) {
        q.attacksDetected += 1;
        q.firstDetection.push(first + 1);
        q.firstDetectionSeconds.push((Date.parse(ordered[first]!.labelled.event.occurred_at) - Date.parse(ordered[0]!.labelled.event.occurred_at)) / 1000);
      }
    }
    q.recall = q.attacks === 0 ? 0 : q.attacksDetected / q.attacks;
    q.eventRecall = q.events === 0 ? 0 : q.eventsDetected / q.events;
    return q;
  });
  return { scenarios, benign, anomalousByModelOnly, decidedBy };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function fmtTtd(q: ScenarioQuality): string {
  const m = median(q.firstDetection);
  if (m === null) return '—';
  const max = Math.max(...q.firstDetection);
  const secs = median(q.firstDetectionSeconds)!;
  return `${m} (max ${max}) / ${secs < 120 ? `${secs.toFixed(0)} s` : `${(secs / 60).toFixed(1)} min`}`;
}

function topCodes(map: ReadonlyMap<string, number>, n = 4): string {
  const list = [...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
  return list.length === 0 ? '—' : list.map(([code, count]) => `${code} ×${count}`).join(', ');
}

/** The per-scenario table, rules-only next to rules+model. */
export function scenarioTable(rules: ModeQuality, model: ModeQuality): string {
  const lines = [
    '| scenario | attacks | events | attack recall: rules / rules+model | event recall: rules / rules+model | first detection, events (max) / sim. time — rules | same — rules+model | ≥ suspicious, rules+model | reasons on detected events (rules+model) |',
    '|---|---:|---:|---|---|---|---|---|---|',
  ];
  let attacks = 0;
  let events = 0;
  let detR = 0;
  let detM = 0;
  let evR = 0;
  let evM = 0;
  let flagged = 0;
  rules.scenarios.forEach((r, i) => {
    const m = model.scenarios[i]!;
    attacks += r.attacks;
    events += r.events;
    detR += r.attacksDetected;
    detM += m.attacksDetected;
    evR += r.eventsDetected;
    evM += m.eventsDetected;
    flagged += m.attacksFlagged;
    lines.push(
      `| ${r.scenario} | ${r.attacks} | ${r.events} | ${r.attacksDetected}/${r.attacks} = ${pct(r.recall)} / ${m.attacksDetected}/${m.attacks} = ${pct(m.recall)} | ${pct(r.eventRecall)} / ${pct(m.eventRecall)} | ${fmtTtd(r)} | ${fmtTtd(m)} | ${m.attacksFlagged}/${m.attacks} | ${topCodes(m.reasonCodes, 3)} |`,
    );
  });
  lines.push(`| **all** | ${attacks} | ${events} | ${detR}/${attacks} = ${pct(detR / Math.max(1, attacks))} / ${detM}/${attacks} = ${pct(detM / Math.max(1, attacks))} | ${pct(evR / Math.max(1, events))} / ${pct(evM / Math.max(1, events))} | | | ${flagged}/${attacks} | |`);
  return lines.join('\n');
}

/** False positives on benign traffic of the test period, per mode. */
export function benignTable(rules: ModeQuality, model: ModeQuality): string {
  const row = (name: string, q: ModeQuality) => {
    const b = q.benign;
    return `| ${name} | ${b.logins} | ${b.anomalousLogins} | **${b.perThousandLogins.toFixed(2)}** | ${b.events} | ${b.anomalousEvents} | **${b.perThousandEvents.toFixed(2)}** | ${b.usersAffected} | ${topCodes(b.reasonCodes, 5)} |`;
  };
  return [
    '| mode | benign logins | anomalous | per 1,000 benign logins | benign events | anomalous | per 1,000 benign events | users affected | reason codes of the false positives |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    row('rules only', rules),
    row('rules + model', model),
  ].join('\n');
}

/** Every attack the mode did not detect, with its highest risk and what fired there. */
export function missesTable(q: ModeQuality): string {
  const misses = q.scenarios.flatMap((s) => s.misses.map((m) => ({ scenario: s.scenario, ...m })));
  if (misses.length === 0) return 'None.';
  return [
    '| scenario | attack | events | highest risk | reasons at the highest risk |',
    '|---|---|---:|---:|---|',
    ...misses.map((m) => `| ${m.scenario} | ${m.attackId} | ${m.events} | ${m.maxRisk.toFixed(2)} | ${m.codes.join(', ') || '—'} |`),
  ].join('\n');
}
