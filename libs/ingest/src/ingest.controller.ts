import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, type AuthenticatedRequest } from '@authwatch/http';
import { type FastifyReply } from 'fastify';
import { type IngestService } from './ingest.service.js';
import { INGEST_SERVICE } from './tokens.js';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class IngestController {
  constructor(@Inject(INGEST_SERVICE) private readonly ingest: IngestService) {}

  /** One event, a JSON array, or NDJSON. 202 when all were accepted; 400 naming every bad line and field (the good ones are still accepted). */
  @Post('events')
  @HttpCode(202)
  async post(@Req() request: AuthenticatedRequest, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const result = await this.ingest.ingest(request.grant!, body);
    if (result.errors.length === 0) {
      await reply.status(202).send({ accepted: result.accepted.length, event_ids: result.accepted });
      return;
    }
    await reply.status(400).send({ error: 'validation_failed', accepted: result.accepted.length, event_ids: result.accepted, errors: result.errors });
  }
}
