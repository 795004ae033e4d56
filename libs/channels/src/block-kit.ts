import { type AlertNotification } from '@authwatch/contracts';
import { describeEvent, describeEvidence, describeLogin, headline, truncate, where } from './render.js';

/** The subset of Block Kit we send (and validate). */
export type TextObject = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };
export type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

// Slack's documented limits.
export const BLOCK_KIT_LIMITS = { blocks: 50, headerText: 150, sectionText: 3000, fieldText: 2000, fields: 10, contextElements: 10, messageText: 40_000 } as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Slack incoming-webhook message: header, facts, reasons with evidence, last good login, recent events, dashboard link. */
export function slackMessage(n: AlertNotification): SlackMessage {
  const { alert, context } = n;
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(headline(n), BLOCK_KIT_LIMITS.headerText), emoji: false } }];
  const field = (label: string, value: string): TextObject => ({ type: 'mrkdwn', text: truncate(`*${label}*\n${esc(value)}`, BLOCK_KIT_LIMITS.fieldText) });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(esc(alert.title), BLOCK_KIT_LIMITS.sectionText) } });
  blocks.push({
    type: 'section',
    fields: [
      field('User', `${alert.user_id} (${alert.tenant_id})`),
      field('Severity', `${alert.severity} · risk ${alert.risk.toFixed(2)}`),
      field('When', `${alert.first_seen} → ${alert.last_seen}`),
      field('Where', where(alert)),
      field('Anomalies', `${alert.count} (state ${alert.state})`),
      field('Detector', alert.detector),
    ],
  });
  if (context.resolution) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Resolution:* ${esc(context.resolution)}`, BLOCK_KIT_LIMITS.sectionText) } });
  blocks.push({ type: 'divider' });
  const reasons = alert.reasons.map((r) => `• *${esc(r.code)}* (${r.weight.toFixed(2)}): ${esc(r.message)}${Object.keys(r.evidence).length > 0 ? `\n    _${esc(describeEvidence(r.evidence))}_` : ''}`);
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Reasons*\n${reasons.join('\n') || 'none'}`, BLOCK_KIT_LIMITS.sectionText) } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Previous known-good login*\n${esc(describeLogin(context.previous_good_login))}`, BLOCK_KIT_LIMITS.sectionText) } });
  if (context.recent_events.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Recent events*\n${context.recent_events.map((e) => `• ${esc(describeEvent(e))}`).join('\n')}`, BLOCK_KIT_LIMITS.sectionText) } });
  }
  const footer: TextObject[] = [{ type: 'mrkdwn', text: `alert \`${alert.alert_id}\` · notice ${esc(n.kind)}${context.escalation_level > 0 ? ` · escalation ${context.escalation_level}` : ''}` }];
  if (context.dashboard_url) footer.push({ type: 'mrkdwn', text: `<${context.dashboard_url}|Open the user dashboard>` });
  blocks.push({ type: 'context', elements: footer });
  return { text: truncate(`${headline(n)} — ${alert.title}`, 3000), blocks: blocks.slice(0, BLOCK_KIT_LIMITS.blocks) };
}

/** Checks a message against the Block Kit rules we rely on; the problems, empty when valid. */
export function validateBlockKit(message: unknown): string[] {
  const problems: string[] = [];
  const m = message as { text?: unknown; blocks?: unknown };
  if (typeof m !== 'object' || m === null) return ['message must be an object'];
  if (m.text !== undefined && (typeof m.text !== 'string' || m.text.length > BLOCK_KIT_LIMITS.messageText)) problems.push('text must be a string of at most 40000 characters');
  if (!Array.isArray(m.blocks)) return [...problems, 'blocks must be an array'];
  if (m.blocks.length === 0 || m.blocks.length > BLOCK_KIT_LIMITS.blocks) problems.push(`blocks must hold 1..${BLOCK_KIT_LIMITS.blocks} blocks`);
  const textObject = (t: unknown, path: string, max: number, plainOnly = false) => {
    const o = t as { type?: unknown; text?: unknown };
    if (typeof o !== 'object' || o === null) return void problems.push(`${path} must be a text object`);
    if (o.type !== 'plain_text' && (plainOnly || o.type !== 'mrkdwn')) problems.push(`${path}.type must be ${plainOnly ? 'plain_text' : 'plain_text or mrkdwn'}`);
    if (typeof o.text !== 'string' || o.text.length === 0 || o.text.length > max) problems.push(`${path}.text must be 1..${max} characters`);
  };
  m.blocks.forEach((b: unknown, i: number) => {
    const block = b as { type?: unknown; text?: unknown; fields?: unknown; elements?: unknown };
    const path = `blocks[${i}]`;
    switch (block?.type) {
      case 'header':
        textObject(block.text, `${path}.text`, BLOCK_KIT_LIMITS.headerText, true);
        break;
      case 'section':
        if (block.text === undefined && block.fields === undefined) problems.push(`${path} needs text or fields`);
        if (block.text !== undefined) textObject(block.text, `${path}.text`, BLOCK_KIT_LIMITS.sectionText);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length > BLOCK_KIT_LIMITS.fields) problems.push(`${path}.fields must be an array of at most 10`);
          else block.fields.forEach((f: unknown, j: number) => textObject(f, `${path}.fields[${j}]`, BLOCK_KIT_LIMITS.fieldText));
        }
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > BLOCK_KIT_LIMITS.contextElements) problems.push(`${path}.elements must hold 1..10 elements`);
        else block.elements.forEach((e: unknown, j: number) => textObject(e, `${path}.elements[${j}]`, BLOCK_KIT_LIMITS.sectionText));
        break;
      case 'divider':
        break;
      default:
        problems.push(`${path}.type ${String(block?.type)} is not one of header, section, context, divider`);
    }
  });
  return problems;
}
