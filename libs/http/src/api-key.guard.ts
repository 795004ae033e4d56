import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type ApiKeyGrant, type ApiKeyRegistry } from './api-keys.js';
import { API_KEYS } from './tokens.js';

export type AuthenticatedRequest = FastifyRequest & { grant?: ApiKeyGrant };

/** 401 without a known key (header `x-api-key` or `Authorization: Bearer`); the grant is attached for tenant checks. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(API_KEYS) private readonly keys: ApiKeyRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['x-api-key'];
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const grant = this.keys.resolve((Array.isArray(header) ? header[0] : header) ?? bearer);
    if (!grant) throw new HttpException({ error: 'unauthorized', message: 'a valid API key is required (x-api-key header)' }, HttpStatus.UNAUTHORIZED);
    request.grant = grant;
    return true;
  }
}
