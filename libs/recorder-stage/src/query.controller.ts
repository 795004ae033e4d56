import { Controller, Get, Inject, Query, Req, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, grantAllows, type AuthenticatedRequest } from '@authwatch/http';
import { type EventQueries } from '@authwatch/storage';

export const EVENT_QUERIES = Symbol('EVENT_QUERIES');

/** Read API over what the sink stored: a quick look without a SQL client. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class QueryController {
  constructor(@Inject(EVENT_QUERIES) private readonly queries: EventQueries) {}

  @Get('summary')
  async summary(@Req() request: AuthenticatedRequest) {
    const rows = await this.queries.verdictSummary();
    const visible = request.grant!.tenants === '*';
    return { events_by_verdict: Object.fromEntries(rows.map((r) => [r.verdict, Number(r.n)])), scope: visible ? 'all tenants' : 'restricted' };
  }

  @Get('anomalies')
  async anomalies(@Req() request: AuthenticatedRequest, @Query('limit') limit?: string) {
    const rows = await this.queries.recentAnomalies(Math.min(500, Math.max(1, Number(limit ?? 20) || 20)));
    return rows
      .filter((r) => grantAllows(request.grant!, r.tenant_id))
      .map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as unknown }));
  }
}
