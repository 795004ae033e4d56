import { Body, Controller, Get, Inject, Param, Put, Req, UseGuards } from '@nestjs/common';
import { type BaselineRules } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { ApiKeyGuard, grantAllows, type AuthenticatedRequest } from '@authwatch/http';
import { type RulesStore } from './rules-store.js';
import { RULES_STORE } from './tokens.js';

/** The SOC edits a tenant's baseline rules at run time; changes persist on the rules topic. */
@Controller('v1/rules')
@UseGuards(ApiKeyGuard)
export class RulesController {
  constructor(@Inject(RULES_STORE) private readonly rules: RulesStore) {}

  @Get(':tenant')
  get(@Param('tenant') tenant: string, @Req() request: AuthenticatedRequest): BaselineRules {
    assertTenant(request, tenant);
    return this.rules.get(tenant);
  }

  @Put(':tenant')
  async put(@Param('tenant') tenant: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<BaselineRules> {
    assertTenant(request, tenant);
    return this.rules.update(tenant, body, request.grant!.name);
  }
}

function assertTenant(request: AuthenticatedRequest, tenant: string): void {
  if (!grantAllows(request.grant!, tenant)) throw new AuthwatchError('FORBIDDEN', `this API key may not manage tenant ${tenant}`);
}
