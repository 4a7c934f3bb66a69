/** The 502/503/504 responses ALB sends itself, as HAProxy errorfiles (raw HTTP responses). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PAGES: Record<number, string> = {
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

export function errorPage(status: number): string {
  const title = PAGES[status];
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  return `HTTP/1.1 ${title}\r\nServer: awselb/2.0\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`;
}

export function writeErrorPages(runDir: string): void {
  mkdirSync(join(runDir, 'errors'), { recursive: true });
  for (const status of Object.keys(PAGES).map(Number)) writeFileSync(join(runDir, 'errors', `${status}.http`), errorPage(status));
}
