import { AuthwatchError } from '@authwatch/errors';

/** POSTs and classifies the answer: 2xx ok; 408, 429 and 5xx retriable; other 4xx final. */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new AuthwatchError('DELIVERY_FAILED', `POST ${redact(url)} failed: ${(error as Error).message}`, { cause: error, retriable: true });
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text().catch(() => '')).slice(0, 300);
  const retriable = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new AuthwatchError('DELIVERY_FAILED', `POST ${redact(url)} answered ${response.status}${text ? `: ${text}` : ''}`, { retriable, details: { status: response.status } });
}

/** Webhook URLs often carry secrets in the path (Slack): keep only the origin in logs. */
export function redact(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid-url';
  }
}
