import { Body, Controller, Get, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { describeIssues, FeedbackRequestSchema, FeedbackSchema, parseContract, userKey, type Feedback, type Topology } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { ApiKeyGuard, grantAllows, type AuthenticatedRequest } from '@authwatch/http';
import { type Publisher } from '@authwatch/messaging';
import { type EventQueries } from '@authwatch/storage';
import { type ModelTrainer, type TrainingOutcome } from './model-trainer.js';

export interface ModelsFeedbackApiOptions {
  trainer: ModelTrainer;
  queries: EventQueries;
  topology: Topology;
  publisher: () => Promise<Publisher>;
}

export const MODELS_FEEDBACK_API = Symbol('MODELS_FEEDBACK_API');

/** Training (POST /v1/models/train), the stored models, and analysts' feedback (POST /v1/feedback). */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class ModelsFeedbackController {
  constructor(@Inject(MODELS_FEEDBACK_API) private readonly api: ModelsFeedbackApiOptions) {}

  @Post('models/train')
  @HttpCode(201)
  async train(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<TrainingOutcome> {
    const tenant = typeof body === 'object' && body !== null && 'tenant' in body && typeof body.tenant === 'string' ? body.tenant : undefined;
    if (tenant === undefined && request.grant!.tenants !== '*') throw new AuthwatchError('FORBIDDEN', 'training on all tenants needs an operator key (*)');
    if (tenant !== undefined && !grantAllows(request.grant!, tenant)) throw new AuthwatchError('FORBIDDEN', `this API key may not train for tenant ${tenant}`);
    return this.api.trainer.train(body, request.grant!.name);
  }

  /** Every model ever trained, as recorded in ClickHouse (the scorer's GET /v1/models shows the live registry). */
  @Get('models/history')
  async models(@Req() request: AuthenticatedRequest) {
    const rows = await this.api.queries.models();
    return rows.filter((r) => r.scope === '*' || grantAllows(request.grant!, r.scope));
  }

  /** Publishes the verdict on the feedback topic; the feedback recorder stores it and derives the suppression. */
  @Post('feedback')
  @HttpCode(202)
  async feedback(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<Feedback> {
    const parsed = parseContract(FeedbackRequestSchema, body);
    if (!parsed.ok) throw new AuthwatchError('VALIDATION_FAILED', `invalid feedback: ${describeIssues(parsed.issues)}`, { details: { errors: parsed.issues } });
    const input = parsed.value;
    if (!grantAllows(request.grant!, input.tenant_id)) throw new AuthwatchError('FORBIDDEN', `this API key may not judge tenant ${input.tenant_id}`);
    let userId: string | undefined;
    if (input.event_id !== undefined) userId = (await this.api.queries.eventForFeedback(input.tenant_id, input.event_id))?.user_id;
    else if (input.alert_id !== undefined) userId = (await this.api.queries.alertEvents(input.tenant_id, input.alert_id))?.user_id;
    if (userId === undefined) throw new AuthwatchError('NOT_FOUND', `no ${input.event_id !== undefined ? `event ${input.event_id}` : `alert ${input.alert_id}`} stored for tenant ${input.tenant_id}`);
    const feedback = FeedbackSchema.parse({ ...input, user_id: userId, analyst: request.grant!.name, at: new Date().toISOString() });
    await (await this.api.publisher()).publish([{ topic: this.api.topology.feedback, key: userKey(feedback.tenant_id, feedback.user_id), value: JSON.stringify(feedback) }]);
    return feedback;
  }
}
