import { describe, expect, it } from 'vitest';
import { parseUserAgent, UserAgentCache } from './user-agent.js';

const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1';
const HEADLESS = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36';

describe('parseUserAgent', () => {
  it('desktop Chrome on Windows', () => {
    expect(parseUserAgent(CHROME_WIN)).toMatchObject({ browserFamily: 'chrome', browserMajor: 124, osFamily: 'windows', deviceType: 'desktop', isBot: false, isHeadless: false, isScript: false });
  });
  it('Safari on iPhone is mobile', () => {
    expect(parseUserAgent(SAFARI_IPHONE)).toMatchObject({ browserFamily: 'mobile_safari', osFamily: 'ios', deviceType: 'mobile', deviceModel: 'Apple iPhone' });
  });
  it('Firefox on macOS and an iPad tablet', () => {
    expect(parseUserAgent(FIREFOX_MAC)).toMatchObject({ browserFamily: 'firefox', osFamily: 'mac_os', deviceType: 'desktop' });
    expect(parseUserAgent(IPAD)).toMatchObject({ deviceType: 'tablet' });
  });
  it('flags automation', () => {
    expect(parseUserAgent(HEADLESS)).toMatchObject({ isHeadless: true, isBot: true });
    expect(parseUserAgent('curl/8.4.0')).toMatchObject({ isScript: true, isBot: true, deviceType: 'bot' });
    expect(parseUserAgent('python-requests/2.31.0')).toMatchObject({ isScript: true, deviceType: 'bot' });
    expect(parseUserAgent('Googlebot/2.1 (+http://www.google.com/bot.html)')).toMatchObject({ isBot: true, deviceType: 'bot' });
    expect(parseUserAgent('')).toMatchObject({ isEmpty: true, browserFamily: 'unknown', deviceType: 'unknown' });
  });
  it('the cache returns the same parse and stays bounded', () => {
    const cache = new UserAgentCache(2);
    expect(cache.parse(CHROME_WIN)).toBe(cache.parse(CHROME_WIN));
    cache.parse(FIREFOX_MAC);
    cache.parse(IPAD);
    expect(cache.parse(CHROME_WIN)).toEqual(parseUserAgent(CHROME_WIN));
  });
});
