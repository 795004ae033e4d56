import { Controller, Get, Inject, Param, Query, Req, UseGuards } from '@nestjs/common';
import { AuthwatchError } from '@authwatch/errors';
import { ApiKeyGuard, grantAllows, type AuthenticatedRequest } from '@authwatch/http';
import { type EventQueries } from '@authwatch/storage';

export const EVENT_QUERIES = Symbol('EVENT_QUERIES');

/** Read API over what the sink stored: a quick look without a SQL client. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class QueryController {
  constructor(@Inject(EVENT_QUERIES) private readonly queries: EventQueries) {}

  @Get('summary')
  async summary(@Req() request: AuthenticatedRequest, @Query('tenant') tenant?: string) {
    if (tenant !== undefined) assertTenant(request, tenant);
    else if (request.grant!.tenants !== '*') throw new AuthwatchError('FORBIDDEN', 'name a tenant (?tenant=) this key may read');
    const rows = await this.queries.verdictSummary(tenant);
    const byVerdict = Object.fromEntries(rows.map((r) => [r.verdict, Number(r.n)]));
    return { tenant: tenant ?? '*', events_total: Object.values(byVerdict).reduce((a, b) => a + b, 0), events_by_verdict: byVerdict };
  }

  @Get('events/:tenant/:eventId')
  async event(@Req() request: AuthenticatedRequest, @Param('tenant') tenant: string, @Param('eventId') eventId: string) {
    assertTenant(request, tenant);
    const rows = await this.queries.findEvent(tenant, eventId);
    if (rows.length === 0) throw new AuthwatchError('NOT_FOUND', `no event ${eventId} for tenant ${tenant}`);
    return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as unknown }));
  }

  @Get('anomalies')
  async anomalies(@Req() request: AuthenticatedRequest, @Query('limit') limit?: string) {
    const rows = await this.queries.recentAnomalies(Math.min(500, Math.max(1, Number(limit ?? 20) || 20)));
    return rows.filter((r) => grantAllows(request.grant!, r.tenant_id)).map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as unknown }));
  }

  @Get('dead-letters')
  async deadLetters(@Req() request: AuthenticatedRequest, @Query('topic') topic: string) {
    if (request.grant!.tenants !== '*') throw new AuthwatchError('FORBIDDEN', 'dead letters are visible to operator keys (*) only');
    if (!topic) throw new AuthwatchError('VALIDATION_FAILED', 'topic is required');
    return this.queries.deadLetters(topic);
  }
}

function assertTenant(request: AuthenticatedRequest, tenant: string): void {
  if (!grantAllows(request.grant!, tenant)) throw new AuthwatchError('FORBIDDEN', `this API key may not read tenant ${tenant}`);
}
