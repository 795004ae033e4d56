import { Body, Controller, Get, Inject, Param, Put, Req, UseGuards } from '@nestjs/common';
import { type RoutingConfig } from '@authwatch/contracts';
import { ApiKeyGuard, type AuthenticatedRequest } from '@authwatch/http';
import { assertTenant } from './alerts.controller.js';
import { redactRouting, type RoutingStore } from './routing-store.js';
import { ROUTING_STORE } from './tokens.js';

/** Routing and suppression per tenant: validated, persisted on the compacted routing topic, followed by every replica. */
@Controller('v1/routing')
@UseGuards(ApiKeyGuard)
export class RoutingController {
  constructor(@Inject(ROUTING_STORE) private readonly routing: RoutingStore) {}

  @Get(':tenant')
  get(@Param('tenant') tenant: string, @Req() request: AuthenticatedRequest): RoutingConfig {
    assertTenant(request, tenant);
    return redactRouting(this.routing.get(tenant));
  }

  @Put(':tenant')
  async put(@Param('tenant') tenant: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<RoutingConfig> {
    assertTenant(request, tenant);
    return redactRouting(await this.routing.update(tenant, body, request.grant!.name));
  }
}
