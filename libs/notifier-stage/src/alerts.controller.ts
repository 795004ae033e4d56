import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { type Alert } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { ApiKeyGuard, grantAllows, type AuthenticatedRequest } from '@authwatch/http';
import { type AlertService } from './alert-service.js';
import { ALERT_SERVICE } from './tokens.js';

/** On-call's view of the alerts the notifiers produced, and what they do about them. */
@Controller('v1/alerts')
@UseGuards(ApiKeyGuard)
export class AlertsController {
  constructor(@Inject(ALERT_SERVICE) private readonly alerts: AlertService) {}

  /** Filters: tenant, severity, min_severity, state, user, since, until (ISO times), limit. */
  @Get()
  list(@Query() query: Record<string, unknown>, @Req() request: AuthenticatedRequest): { alerts: Alert[] } {
    const tenant = typeof query['tenant'] === 'string' ? query['tenant'] : undefined;
    if (tenant) assertTenant(request, tenant);
    return { alerts: this.alerts.list(query, request.grant!.tenants) };
  }

  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Alert {
    return this.visible(id, request);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest) {
    this.visible(id, request);
    return this.alerts.act(id, 'acknowledge', body, request.grant!.name);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest) {
    this.visible(id, request);
    return this.alerts.act(id, 'resolve', body, request.grant!.name);
  }

  /** `{ "label": "safe" | "compromised", "comment"?: string }`: Feedback for the scorer. */
  @Post(':id/feedback')
  @HttpCode(200)
  feedback(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest) {
    this.visible(id, request);
    return this.alerts.feedback(id, body, request.grant!.name);
  }

  private visible(id: string, request: AuthenticatedRequest): Alert {
    const alert = this.alerts.get(id);
    // Another tenant's alert is reported as absent, not forbidden.
    if (!grantAllows(request.grant!, alert.tenant_id)) throw new AuthwatchError('NOT_FOUND', `no alert ${id}`);
    return alert;
  }
}

export function assertTenant(request: AuthenticatedRequest, tenant: string): void {
  if (!grantAllows(request.grant!, tenant)) throw new AuthwatchError('FORBIDDEN', `this API key may not access tenant ${tenant}`);
}
