import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerHost } from './host-endpoint.js';

test('accepted Docker host URLs and the address derived from them', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['unix:///run/berth-hosts/h1/docker.sock', undefined, undefined],
    ['tcp://10.0.0.5:2376', '/etc/berth/tls', '10.0.0.5'],
    ['tcp://docker-2.internal:2375/', undefined, 'docker-2.internal'],
    ['ssh://root@10.0.0.6', undefined, '10.0.0.6'],
    ['ssh://deploy@host-7:2222', undefined, 'host-7'],
    ['ssh://host-7', undefined, 'host-7'],
  ];
  for (const [url, tls, address] of cases) assert.equal(parseDockerHost(url, tls).address, address, url);
});

test('refused Docker host URLs', () => {
  const cases: [string, string?][] = [
    ['http://10.0.0.5:2375'],
    ['unix://relative/docker.sock'],
    [`unix:///${'x'.repeat(120)}`],
    ['tcp://10.0.0.5:99999'],
    ['tcp://-oProxyCommand=x:22'],
    ['ssh://-oProxyCommand=touch@host'],
    ['ssh://root@-oProxyCommand=x'],
    ['ssh://root@host', '/etc/tls'],
    ['ssh://root@host;rm -rf /'],
    ['tcp://[::1]:2375'],
    ['x'.repeat(2000)],
  ];
  for (const [url, tls] of cases) assert.throws(() => parseDockerHost(url, tls), TypeError, url);
});
