/** The subset of Nest's LoggerService the adapters need; console satisfies it too. */
export interface Logger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { log: () => undefined, warn: () => undefined, error: () => undefined };
