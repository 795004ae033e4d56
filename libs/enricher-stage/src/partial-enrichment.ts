import { LoginEventSchema, recordOf, type FieldIssue, type ParseResult } from '@authwatch/contracts';
import { type InboundMessage } from '@authwatch/messaging';
import { z } from 'zod';

const PartialFeaturesSchema = z.object({ numeric: recordOf('number'), categorical: recordOf('string') }).strict();

// What travels between the enricher's stages: the event and the parts computed so far.
const userPart = { v: z.literal(1), event: LoginEventSchema, user: PartialFeaturesSchema };
/** User stage → IP stage. */
export const UserPartialSchema = z.object(userPart).strict();
export type UserPartial = z.output<typeof UserPartialSchema>;
/** IP stage → tenant stage: a record without the IP's part is malformed (dead-lettered), never enriched without it. */
export const UserIpPartialSchema = z.object({ ...userPart, ip: PartialFeaturesSchema }).strict();
export type UserIpPartial = z.output<typeof UserIpPartialSchema>;

/**
 * The input position (partition:offset) of the record the upstream stage was processing.
 * A replayed upstream batch republishes the same positions, so the next stage can skip
 * what it applied already.
 */
export const UPSTREAM_HEADER = 'x-upstream-position';
const PARTIAL_SCHEMA_HEADER = 'enricher-partial.v1';

export interface Positioned<T> {
  value: T;
  upstreamPartition: number;
  upstreamOffset: number;
}

export function upstreamHeader(message: InboundMessage): Record<string, string> {
  return { [UPSTREAM_HEADER]: `${message.partition}:${message.offset}`, 'x-schema': PARTIAL_SCHEMA_HEADER };
}

export function decodePositioned<P>(message: InboundMessage, decodeValue: (m: InboundMessage) => ParseResult<P>): ParseResult<Positioned<P>> {
  const position = /^(\d+):(\d+)$/.exec(message.headers[UPSTREAM_HEADER] ?? '');
  if (!position) {
    const issue: FieldIssue = { field: `headers.${UPSTREAM_HEADER}`, message: 'missing or not <partition>:<offset> (records on this topic come from the enricher stage before it)' };
    return { ok: false, issues: [issue] };
  }
  const decoded = decodeValue(message);
  if (!decoded.ok) return decoded;
  return { ok: true, value: { value: decoded.value, upstreamPartition: Number(position[1]), upstreamOffset: Number(position[2]) } };
}
