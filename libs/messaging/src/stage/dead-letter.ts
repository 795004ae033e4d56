import { DEAD_LETTER_HEADERS, deadLetterTopicOf } from '@authwatch/contracts';
import { type ErrorCode } from '@authwatch/errors';
import { type InboundMessage, type OutboundMessage } from '../types.js';

export interface DeadLetterReason {
  code: ErrorCode;
  message: string;
  retriable: boolean;
  attempts: number;
}

/** The original bytes and key, unchanged, plus headers saying what failed and where. */
export function deadLetterFor(stage: string, message: InboundMessage, reason: DeadLetterReason, now = new Date()): OutboundMessage {
  return {
    topic: deadLetterTopicOf(message.topic),
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DEAD_LETTER_HEADERS.errorCode]: reason.code,
      [DEAD_LETTER_HEADERS.errorMessage]: reason.message.slice(0, 4000),
      [DEAD_LETTER_HEADERS.retriable]: String(reason.retriable),
      [DEAD_LETTER_HEADERS.sourceTopic]: message.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
      [DEAD_LETTER_HEADERS.attempts]: String(reason.attempts),
      [DEAD_LETTER_HEADERS.failedAt]: now.toISOString(),
      [DEAD_LETTER_HEADERS.stage]: stage,
    },
  };
}
