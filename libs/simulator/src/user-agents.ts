/** Realistic user agent strings for people's devices, and for automation. */
export interface BrowserUserAgent {
  readonly family: string;
  readonly kind: 'desktop' | 'mobile';
  readonly userAgent: string;
}

export const BROWSER_USER_AGENTS: readonly BrowserUserAgent[] = [
  {
    family: 'Chrome/Windows',
    kind: 'desktop',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  },
  {
    family: 'Edge/Windows',
    kind: 'desktop',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
  },
  {
    family: 'Firefox/Windows',
    kind: 'desktop',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  },
  {
    family: 'Safari/macOS',
    kind: 'desktop',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  },
  {
    family: 'Chrome/macOS',
    kind: 'desktop',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  },
  {
    family: 'Firefox/Linux',
    kind: 'desktop',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  },
  {
    family: 'Chrome/Linux',
    kind: 'desktop',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  },
  {
    family: 'Safari/iOS',
    kind: 'mobile',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  },
  {
    family: 'Safari/iPadOS',
    kind: 'mobile',
    userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  },
  {
    family: 'Chrome/Android',
    kind: 'mobile',
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  },
  {
    family: 'Samsung/Android',
    kind: 'mobile',
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
  },
];

/** Weights for a user's primary (desktop) and secondary (mobile) device. */
export const DESKTOP_MIX: readonly (readonly [string, number])[] = [
  ['Chrome/Windows', 42],
  ['Edge/Windows', 16],
  ['Safari/macOS', 16],
  ['Chrome/macOS', 12],
  ['Firefox/Windows', 6],
  ['Firefox/Linux', 5],
  ['Chrome/Linux', 3],
];
export const MOBILE_MIX: readonly (readonly [string, number])[] = [
  ['Safari/iOS', 50],
  ['Chrome/Android', 28],
  ['Samsung/Android', 14],
  ['Safari/iPadOS', 8],
];

export function browserUserAgent(family: string): BrowserUserAgent {
  const found = BROWSER_USER_AGENTS.find((ua) => ua.family === family);
  if (!found) throw new RangeError(`unknown browser family ${family}`);
  return found;
}

/** Headless browsers, HTTP libraries and scraping frameworks: what scripted logins send. */
export const AUTOMATION_USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/122.0.6261.94 Safari/537.36',
  'python-requests/2.31.0',
  'python-urllib3/2.2.1',
  'curl/8.5.0',
  'Go-http-client/1.1',
  'okhttp/4.12.0',
  'axios/1.6.8',
  'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
  'Scrapy/2.11.1 (+https://scrapy.org)',
  'Apache-HttpClient/4.5.14 (Java/17.0.10)',
];
