/** Structured JSON lines on stdout: what log shippers (Loki, Elastic, CloudWatch) parse without config. */
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, log: 2, debug: 3, verbose: 4 };

export class JsonLogger {
  constructor(
    private readonly service: string,
    private readonly level: LogLevel = 'log',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  log(message: unknown, context?: string): void {
    this.emit('log', message, context);
  }
  warn(message: unknown, context?: string): void {
    this.emit('warn', message, context);
  }
  error(message: unknown, context?: string): void {
    this.emit('error', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.emit('verbose', message, context);
  }

  private emit(level: LogLevel, message: unknown, context?: string): void {
    if (ORDER[level] > ORDER[this.level]) return;
    const text = message instanceof Error ? (message.stack ?? message.message) : typeof message === 'string' ? message : JSON.stringify(message);
    this.write(JSON.stringify({ time: new Date().toISOString(), level: level === 'log' ? 'info' : level, service: this.service, ...(context ? { context } : {}), msg: text }));
  }
}
