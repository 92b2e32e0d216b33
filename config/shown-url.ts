// scheme://user:password@ — the password part of a URL's user info, parsed or not.
const USER_INFO_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i;

/** A URL as messages and output may show it: its password, if it holds one, masked. */
export function shownUrl(url: string): string {
  return url.replace(USER_INFO_PASSWORD, '$1:********@');
}
