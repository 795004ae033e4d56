import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';

export interface UserAgentInfo {
  /** snake_case browser name (`chrome`, `mobile_safari`, `firefox`…), `unknown` when unparsed. */
  browserFamily: string;
  /** Major version, 0 when unknown. */
  browserMajor: number;
  /** snake_case OS name (`windows`, `mac_os`, `ios`, `android`…), `unknown` when unparsed. */
  osFamily: string;
  /** `desktop`, `mobile`, `tablet`, `smarttv`, `wearable`, `console`, `embedded`, `bot` or `unknown`. */
  deviceType: string;
  /** Vendor + model when the UA names them (mobiles), else empty. */
  deviceModel: string;
  /** isbot v5 pattern list (crawlers, HTTP libraries, monitoring…). */
  isBot: boolean;
  /** Headless or instrumented browsers (HeadlessChrome, PhantomJS, Selenium, Puppeteer, Playwright…). */
  isHeadless: boolean;
  /** Scripting clients and HTTP libraries (curl, python-requests, Go-http-client, okhttp…). */
  isScript: boolean;
  /** Empty user agent, or one that says nothing ('-', 'unknown'). */
  isEmpty: boolean;
}

const HEADLESS = /headless|phantomjs|selenium|webdriver|puppeteer|playwright|slimerjs|electron\/|cypress/i;
const SCRIPT = /^(curl|wget|python|java\/|go-http-client|okhttp|axios|node-fetch|undici|libwww|postman|insomnia|httpie|ruby|php|perl|powershell|apache-httpclient|scrapy|aiohttp|httpx|dart)|python-requests|\bbot\b/i;
const DESKTOP_OS = new Set(['windows', 'mac_os', 'linux', 'ubuntu', 'debian', 'fedora', 'chrome_os', 'chromium_os', 'freebsd', 'openbsd', 'netbsd', 'solaris']);

function snake(name: string | undefined): string {
  if (name === undefined || name.trim() === '') return 'unknown';
  const s = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return s === '' ? 'unknown' : s;
}

/** Parses a user agent with ua-parser-js v1 and isbot v5; pure (no I/O), deterministic. */
export function parseUserAgent(userAgent: string): UserAgentInfo {
  const ua = userAgent.trim();
  const isEmpty = ua === '' || ua === '-' || ua.toLowerCase() === 'unknown';
  const result = new UAParser(ua).getResult();
  const bot = !isEmpty && isbot(ua);
  const isHeadless = HEADLESS.test(ua);
  const isScript = SCRIPT.test(ua);
  const osFamily = snake(result.os.name);
  let deviceType = result.device.type ?? (DESKTOP_OS.has(osFamily) ? 'desktop' : 'unknown');
  if (bot || isScript) deviceType = 'bot';
  const major = Number.parseInt(result.browser.major ?? '', 10);
  const model = [result.device.vendor, result.device.model].filter((x): x is string => typeof x === 'string' && x !== '').join(' ');
  return {
    browserFamily: snake(result.browser.name),
    browserMajor: Number.isFinite(major) ? major : 0,
    osFamily,
    deviceType,
    deviceModel: model,
    isBot: bot,
    isHeadless,
    isScript,
    isEmpty,
  };
}

/** Bounded memo of `parseUserAgent` (a handful of UA strings cover most logins; parsing is the costliest step). */
export class UserAgentCache {
  private readonly entries = new Map<string, UserAgentInfo>();
  constructor(private readonly maxEntries: number) {}

  parse(userAgent: string): UserAgentInfo {
    const hit = this.entries.get(userAgent);
    if (hit !== undefined) return hit;
    const parsed = parseUserAgent(userAgent);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(userAgent, parsed);
    return parsed;
  }
}
