import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { AuthwatchError } from '@authwatch/errors';
import { type FastifyReply } from 'fastify';

const STATUS: Partial<Record<AuthwatchError['code'], number>> = {
  VALIDATION_FAILED: 400,
  DECODE_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BUFFER_FULL: 429,
  KAFKA_UNAVAILABLE: 503,
  KAFKA_PRODUCE_FAILED: 503,
  STORAGE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
};

/** Coded errors become JSON answers with their code; unexpected ones a 500 without internals. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logError: (message: string) => void) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      void reply.status(exception.getStatus()).send(typeof body === 'string' ? { error: body } : body);
      return;
    }
    if (exception instanceof AuthwatchError) {
      const status = STATUS[exception.code] ?? 500;
      if (status >= 500) this.logError(`${exception.code}: ${exception.message}`);
      if (status === 429 || status === 503) void reply.header('retry-after', '1');
      void reply.status(status).send({ error: exception.code.toLowerCase(), message: exception.message, ...exception.details });
      return;
    }
    const { statusCode } = exception as { statusCode?: number };
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      void reply.status(statusCode).send({ error: 'bad_request', message: (exception as Error).message });
      return;
    }
    this.logError(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    void reply.status(500).send({ error: 'internal', message: 'internal error' });
  }
}
