import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { describeIssues, GLOBAL_MODEL_SCOPE, ModelPointerRequestSchema, parseContract, type ModelPointer } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { ApiKeyGuard, grantAllows, type AuthenticatedRequest } from '@authwatch/http';
import { type ModelRegistry } from './model-registry.js';
import { type ScoreService, type SyncScore } from './score-service.js';
import { type SuppressionStore } from './suppression-store.js';
import { MODEL_REGISTRY, SCORE_SERVICE, SUPPRESSION_STORE } from './tokens.js';

/** The model registry: list, promote, rollback (to the previously promoted), reset (rules only). */
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
export class ModelsController {
  constructor(@Inject(MODEL_REGISTRY) private readonly models: ModelRegistry) {}

  @Get()
  list(@Req() request: AuthenticatedRequest) {
    const { pointers, models } = this.models.list();
    const visible = (scope: string) => scope === GLOBAL_MODEL_SCOPE || grantAllows(request.grant!, scope);
    return { pointers: pointers.filter((p) => visible(p.scope)), models: models.filter((m) => visible(m.scope)) };
  }

  @Post('promote')
  promote(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelPointer> {
    const { scope, version } = pointerRequest(body, request);
    if (version === undefined) throw new AuthwatchError('VALIDATION_FAILED', 'version is required');
    return this.models.promote(scope, version, request.grant!.name);
  }

  @Post('rollback')
  rollback(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelPointer> {
    return this.models.rollback(pointerRequest(body, request).scope, request.grant!.name);
  }

  @Post('reset')
  reset(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelPointer> {
    return this.models.reset(pointerRequest(body, request).scope, request.grant!.name);
  }
}

/** Suppressions in force for a user (what "safe" feedback did). */
@Controller('v1/suppressions')
@UseGuards(ApiKeyGuard)
export class SuppressionsController {
  constructor(@Inject(SUPPRESSION_STORE) private readonly suppressions: SuppressionStore) {}

  @Get(':tenant/:user')
  get(@Param('tenant') tenant: string, @Param('user') user: string, @Req() request: AuthenticatedRequest) {
    if (!grantAllows(request.grant!, tenant)) throw new AuthwatchError('FORBIDDEN', `this API key may not read tenant ${tenant}`);
    return this.suppressions.forUser(tenant, user);
  }
}

/** Synchronous risk: POST a LoginEvent, get its score (preview or pipeline mode: see ScoreService). */
@Controller('v1/score')
@UseGuards(ApiKeyGuard)
export class ScoreController {
  constructor(@Inject(SCORE_SERVICE) private readonly service: ScoreService) {}

  @Post()
  @HttpCode(200)
  score(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<SyncScore> {
    const event = this.service.parse(body);
    if (!grantAllows(request.grant!, event.tenant_id)) throw new AuthwatchError('FORBIDDEN', `this API key may not score for tenant ${event.tenant_id}`);
    return this.service.score(event);
  }
}

function pointerRequest(body: unknown, request: AuthenticatedRequest): { scope: string; version?: string } {
  const parsed = parseContract(ModelPointerRequestSchema, body ?? {});
  if (!parsed.ok) throw new AuthwatchError('VALIDATION_FAILED', describeIssues(parsed.issues));
  const scope = parsed.value.tenant ?? GLOBAL_MODEL_SCOPE;
  if (scope === GLOBAL_MODEL_SCOPE ? request.grant!.tenants !== '*' : !grantAllows(request.grant!, scope)) {
    throw new AuthwatchError('FORBIDDEN', scope === GLOBAL_MODEL_SCOPE ? 'the global model needs an operator key (*)' : `this API key may not manage tenant ${scope}`);
  }
  return { scope, ...(parsed.value.version !== undefined ? { version: parsed.value.version } : {}) };
}
