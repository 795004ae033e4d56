/**
 * What Grafana and grafana-clickhouse-datasource do to a panel's SQL before ClickHouse
 * sees it, for running the dashboards' queries in tests: template variables first
 * (Grafana), then the plugin's backend macros (pkg/macros/macros.go of the plugin).
 */
export interface MacroContext {
  from: Date;
  to: Date;
  /** The panel interval ($__interval) in seconds. */
  intervalSeconds: number;
  /** Variable name → selected values. */
  variables: Record<string, readonly string[]>;
}

const quote = (v: string) => `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function interpolateVariables(sql: string, variables: MacroContext['variables']): string {
  return sql.replace(/\$\{(\w+)(?::(\w+))?\}|\$(\w+)/g, (match, braced: string | undefined, format: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    if (name.startsWith('__')) return match; // a macro, not a variable
    const values = variables[name];
    if (values === undefined) throw new Error(`no value for variable ${name} in: ${sql}`);
    if (format === 'singlequote') return values.map(quote).join(',');
    if (format === undefined || format === 'raw') return values.join(',');
    throw new Error(`variable format ${format} not supported by this test helper`);
  });
}

export function expandMacros(sql: string, ctx: Omit<MacroContext, 'variables'>): string {
  const from = seconds(ctx.from);
  const to = seconds(ctx.to);
  const interval = Math.max(1, Math.floor(ctx.intervalSeconds));
  const fn = (name: string, body: (arg: string) => string) => (text: string) => text.replace(new RegExp(`\\$__${name}\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)`, 'g'), (_m, arg: string) => body(arg.trim()));
  const steps = [
    fn('timeFilter_ms', (c) => `${c} >= fromUnixTimestamp64Milli(${ctx.from.getTime()}) AND ${c} <= fromUnixTimestamp64Milli(${ctx.to.getTime()})`),
    fn('timeFilter', (c) => `${c} >= toDateTime(${from}) AND ${c} <= toDateTime(${to})`),
    fn('dateFilter', (c) => `${c} >= toDate('${ctx.from.toISOString().slice(0, 10)}') AND ${c} <= toDate('${ctx.to.toISOString().slice(0, 10)}')`),
    fn('timeInterval_ms', (c) => `toStartOfInterval(toDateTime64(${c}, 3), INTERVAL ${interval * 1000} millisecond)`),
    fn('timeInterval', (c) => `toStartOfInterval(toDateTime(${c}), INTERVAL ${interval} second)`),
    (text: string) =>
      text
        .replaceAll('$__fromTime_ms', `fromUnixTimestamp64Milli(${ctx.from.getTime()})`)
        .replaceAll('$__toTime_ms', `fromUnixTimestamp64Milli(${ctx.to.getTime()})`)
        .replaceAll('$__fromTime', `toDateTime(${from})`)
        .replaceAll('$__toTime', `toDateTime(${to})`)
        .replaceAll('$__interval_s', String(interval)),
  ];
  const out = steps.reduce((text, step) => step(text), sql);
  const left = /\$__\w+/.exec(out);
  if (left) throw new Error(`unexpanded macro ${left[0]} in: ${out}`);
  return out;
}

export function toRunnableSql(sql: string, ctx: MacroContext): string {
  return expandMacros(interpolateVariables(sql, ctx.variables), ctx);
}
