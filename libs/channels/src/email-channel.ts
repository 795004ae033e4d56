import { type AlertNotification } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { type AlertChannel } from './channel.js';
import { describeEvent, describeEvidence, describeLogin, headline, where } from './render.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (465); otherwise STARTTLS when offered. */
  secure: boolean;
  user?: string;
  password?: string;
  /** Default sender. */
  from: string;
  /** Accept self-signed certificates (test servers only). */
  allowInsecureTls?: boolean;
  timeoutMs?: number;
}

export interface EmailChannelOptions {
  smtp: SmtpSettings;
  to: readonly string[];
  from?: string;
  subjectPrefix?: string;
  name?: string;
}

/** Email over SMTP (nodemailer), HTML and plain text; Message-ID derives from the idempotency key so mail systems can dedupe. */
export class EmailChannel implements AlertChannel {
  readonly kind = 'email' as const;
  readonly destination: string;
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(private readonly options: EmailChannelOptions) {
    this.destination = options.name ?? `email:${options.to.join(',')}`;
    const timeout = options.smtp.timeoutMs ?? 15_000;
    this.transport = createTransport({
      host: options.smtp.host,
      port: options.smtp.port,
      secure: options.smtp.secure,
      ...(options.smtp.user ? { auth: { user: options.smtp.user, pass: options.smtp.password ?? '' } } : {}),
      ...(options.smtp.allowInsecureTls ? { tls: { rejectUnauthorized: false } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async deliver(notification: AlertNotification, idempotencyKey: string): Promise<void> {
    const content = renderEmail(notification, this.options.subjectPrefix);
    try {
      await this.transport.sendMail({
        from: this.options.from ?? this.options.smtp.from,
        to: [...this.options.to],
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: `<${idempotencyKey.replace(/[^A-Za-z0-9.:_-]/g, '_')}@authwatch>`,
        headers: { 'X-Authwatch-Delivery': idempotencyKey, 'X-Authwatch-Alert': notification.alert.alert_id },
      });
    } catch (error) {
      const e = error as { responseCode?: number; code?: string; message?: string };
      // SMTP 4xx is transient, 5xx permanent; connection problems are retriable.
      const retriable = e.responseCode === undefined ? e.code !== 'EENVELOPE' && e.code !== 'EAUTH' : e.responseCode < 500;
      throw new AuthwatchError('DELIVERY_FAILED', `SMTP ${this.options.smtp.host}:${this.options.smtp.port}: ${e.message ?? String(error)}`, { cause: error, retriable, ...(e.responseCode ? { details: { status: e.responseCode } } : {}) });
    }
  }

  close(): void {
    this.transport.close();
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderEmail(n: AlertNotification, subjectPrefix = '[authwatch]'): { subject: string; text: string; html: string } {
  const { alert, context } = n;
  const subject = `${subjectPrefix} ${headline(n)}`.trim();
  const facts: Array<[string, string]> = [
    ['Who', `${alert.user_id} (tenant ${alert.tenant_id})`],
    ['What', `${alert.title} — ${alert.count} anomal${alert.count === 1 ? 'y' : 'ies'}, severity ${alert.severity}, risk ${alert.risk.toFixed(2)}, state ${alert.state}`],
    ['When', `${alert.first_seen} → ${alert.last_seen}`],
    ['Where', where(alert)],
    ['Previous known-good login', describeLogin(context.previous_good_login)],
  ];
  if (context.resolution) facts.push(['Resolution', context.resolution]);
  const reasons = alert.reasons.map((r) => `${r.code} (${r.weight.toFixed(2)}): ${r.message}${Object.keys(r.evidence).length ? ` [${describeEvidence(r.evidence)}]` : ''}`);
  const recent = context.recent_events.map(describeEvent);
  const text = [
    headline(n),
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    '',
    'Reasons:',
    ...reasons.map((r) => `  - ${r}`),
    '',
    'Recent events:',
    ...(recent.length ? recent.map((r) => `  - ${r}`) : ['  (none)']),
    '',
    ...(context.dashboard_url ? [`User dashboard: ${context.dashboard_url}`] : []),
    `Alert ${alert.alert_id} · notice ${n.notice_id}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>${escapeHtml(headline(n))}</h2>
<table cellpadding="4">${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h3>Reasons</h3><ul>${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>
<h3>Recent events</h3><ul>${recent.map((r) => `<li>${escapeHtml(r)}</li>`).join('') || '<li>(none)</li>'}</ul>
${context.dashboard_url ? `<p><a href="${escapeHtml(context.dashboard_url)}">Open the user dashboard</a></p>` : ''}
<p style="color:#888">Alert ${escapeHtml(alert.alert_id)} · notice ${escapeHtml(n.notice_id)}</p>
</body></html>`;
  return { subject, text, html };
}
