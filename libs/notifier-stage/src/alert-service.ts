import { describeIssues, AlertActionSchema, FeedbackSchema, parseContract, SEVERITIES, userKey, type Alert, type AlertAction, type Feedback, type Topology } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { type MessageBus, type Publisher } from '@authwatch/messaging';
import { z } from 'zod';
import { type AlertQuery, type AlertTable } from './alert-table.js';

export const AlertListQuerySchema = z
  .object({
    tenant: z.string().min(1).optional(),
    severity: z.enum(SEVERITIES).optional(),
    min_severity: z.enum(SEVERITIES).optional(),
    state: z.enum(['open', 'acknowledged', 'resolved']).optional(),
    user: z.string().min(1).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const ActionBodySchema = z.object({ comment: z.string().max(2000).optional() }).strict();
export const FeedbackBodySchema = z.object({ label: z.enum(['safe', 'compromised']), comment: z.string().max(2000).optional() }).strict();

/**
 * What the alerts API does: reads from the followed alert table; acknowledging and
 * resolving publish an AlertAction (compacted, key = alert id) that the notifier
 * owning the user applies; marking safe or compromised publishes Feedback for the
 * scorer (and resolves or acknowledges the alert).
 */
export class AlertService {
  private publisher: Publisher | null = null;

  constructor(
    private readonly bus: MessageBus,
    private readonly topology: Topology,
    readonly table: AlertTable,
    private readonly waitMs = 5_000,
  ) {}

  async start(): Promise<void> {
    this.publisher ??= await this.bus.createPublisher();
  }

  list(query: unknown, tenants: ReadonlySet<string> | '*'): Alert[] {
    const parsed = parseContract(AlertListQuerySchema, query);
    if (!parsed.ok) throw new AuthwatchError('VALIDATION_FAILED', `invalid query: ${describeIssues(parsed.issues)}`, { details: { errors: parsed.issues } });
    const q = parsed.value;
    const filter: AlertQuery = { tenants, limit: q.limit };
    if (q.tenant) filter.tenant = q.tenant;
    if (q.severity) filter.severity = q.severity;
    if (q.min_severity) filter.minSeverity = q.min_severity;
    if (q.state) filter.state = q.state;
    if (q.user) filter.user = q.user;
    if (q.since) filter.since = Date.parse(q.since);
    if (q.until) filter.until = Date.parse(q.until);
    return this.table.query(filter);
  }

  get(alertId: string): Alert {
    const alert = this.table.get(alertId);
    if (!alert) throw new AuthwatchError('NOT_FOUND', `no alert ${alertId}`);
    return alert;
  }

  /** Publishes the action; answers with the alert once the owning notifier applied it (or `applied: false` after the wait). */
  async act(alertId: string, action: AlertAction['action'], body: unknown, by: string): Promise<{ applied: boolean; alert: Alert }> {
    const parsed = parseContract(ActionBodySchema, body ?? {});
    if (!parsed.ok) throw new AuthwatchError('VALIDATION_FAILED', describeIssues(parsed.issues));
    const alert = this.get(alertId);
    if (alert.state === 'resolved') throw new AuthwatchError('CONFLICT', `alert ${alertId} is already resolved`);
    if (action === 'acknowledge' && alert.state === 'acknowledged') return { applied: true, alert };
    const record = AlertActionSchema.parse({ alert_id: alertId, tenant_id: alert.tenant_id, user_id: alert.user_id, action, by, ...(parsed.value.comment ? { comment: parsed.value.comment } : {}), at: new Date().toISOString() });
    await this.publish([{ topic: this.topology.alertActions, key: alertId, value: JSON.stringify(record) }]);
    const wanted = action === 'acknowledge' ? (a: Alert) => a.state !== 'open' : (a: Alert) => a.state === 'resolved';
    const applied = await this.table.waitFor(alertId, wanted, this.waitMs);
    return { applied: applied !== null, alert: applied ?? alert };
  }

  /** Publishes the analyst's verdict on the feedback topic; safe resolves the alert, compromised acknowledges it. */
  async feedback(alertId: string, body: unknown, by: string): Promise<{ feedback: Feedback; applied: boolean; alert: Alert }> {
    const parsed = parseContract(FeedbackBodySchema, body ?? {});
    if (!parsed.ok) throw new AuthwatchError('VALIDATION_FAILED', describeIssues(parsed.issues));
    const alert = this.get(alertId);
    const feedback = FeedbackSchema.parse({ tenant_id: alert.tenant_id, user_id: alert.user_id, alert_id: alertId, event_id: alert.event_ids[0], label: parsed.value.label, analyst: by, ...(parsed.value.comment ? { comment: parsed.value.comment } : {}), at: new Date().toISOString() });
    await this.publish([{ topic: this.topology.feedback, key: userKey(alert.tenant_id, alert.user_id), value: JSON.stringify(feedback) }]);
    if (alert.state === 'resolved') return { feedback, applied: true, alert };
    const comment = `marked ${parsed.value.label}${parsed.value.comment ? `: ${parsed.value.comment}` : ''}`;
    const result = await this.act(alertId, parsed.value.label === 'safe' ? 'resolve' : 'acknowledge', { comment }, by);
    return { feedback, ...result };
  }

  private async publish(messages: Parameters<Publisher['publish']>[0]): Promise<void> {
    await this.start();
    await this.publisher!.publish(messages);
  }
}
