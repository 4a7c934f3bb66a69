import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig, normaliseHostPath } from './config.js';

describe('normaliseHostPath', () => {
  const cases: [string, string | undefined][] = [
    ['/', '/'], ['//', '/'], ['/srv/data', '/srv/data'], ['/srv/data/', '/srv/data'], ['//srv/data', '/srv/data'],
    ['/srv/./data//x/', '/srv/data/x'], ['/srv/data/../../etc', '/etc'], ['/..', '/'], ['srv/data', undefined], ['./x', undefined], ['', undefined],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(normaliseHostPath(input), expected));
});

describe('host-access settings', () => {
  it('default to allowing everything, as ECS does on EC2', () => {
    const c = loadConfig([], {});
    assert.deepEqual([c.allowHostMounts, c.allowPrivileged, c.allowCapabilities, c.allowHostNamespaces], ['any', true, 'any', true]);
  });
  it('flags win over environment variables', () => {
    const c = loadConfig(['--allow-host-mounts', 'none', '--allow-privileged=false'], { BERTH_ALLOW_HOST_MOUNTS: 'any', BERTH_ALLOW_PRIVILEGED: 'true' });
    assert.deepEqual([c.allowHostMounts, c.allowPrivileged], [[], false]);
  });
  it('read environment variables', () => {
    const c = loadConfig([], { BERTH_ALLOW_CAPABILITIES: 'none', BERTH_ALLOW_HOST_NAMESPACES: 'false' });
    assert.deepEqual([c.allowCapabilities, c.allowHostNamespaces], [[], false]);
  });
  it('normalise host mount prefixes and capability names', () => {
    const c = loadConfig(['--allow-host-mounts', '/srv/data/, //var/cache/../cache', '--allow-capabilities', 'cap_net_admin,SYS_TIME'], {});
    assert.deepEqual(c.allowHostMounts, ['/srv/data', '/var/cache']);
    assert.deepEqual(c.allowCapabilities, ['NET_ADMIN', 'SYS_TIME']);
  });
  const invalid: [string[], RegExp][] = [
    [['--allow-host-mounts', 'srv/data'], /--allow-host-mounts must be any, none or a comma-separated list of absolute paths, got "srv\/data"/],
    [['--allow-host-mounts', '/srv,'], /--allow-host-mounts must be/],
    [['--allow-host-mounts', ''], /--allow-host-mounts must be/],
    [['--allow-capabilities', 'NET ADMIN'], /--allow-capabilities must be any, none or a comma-separated list of capability names/],
    [['--allow-privileged', 'no'], /--allow-privileged must be true or false, got no/],
    [['--allow-host-namespaces', '1'], /--allow-host-namespaces must be true or false/],
  ];
  for (const [argv, message] of invalid) {
    it(`refuse ${argv.join(' ')}`, () => assert.throws(() => loadConfig(argv, {}), (e: unknown) => e instanceof ConfigError && message.test(e.message)));
  }
});

describe('switches and the task endpoint port', () => {
  const cases: [string[], NodeJS.ProcessEnv, Partial<ReturnType<typeof loadConfig>>][] = [
    [[], {}, { tls: false, taskEndpointPort: 51679 }],
    [['--tls'], {}, { tls: true }],
    [['--tls', '--port', '5000'], {}, { tls: true, port: 5000 }],
    [['--tls', 'false'], { BERTH_TLS: 'true' }, { tls: false }],
    [['--tls=true'], {}, { tls: true }],
    [[], { BERTH_TLS: 'true', BERTH_TASK_ENDPOINT_PORT: 'off' }, { tls: true, taskEndpointPort: 'off' }],
    [['--task-endpoint-port', '0'], {}, { taskEndpointPort: 0 }],
  ];
  for (const [argv, env, expected] of cases) {
    it(`${argv.join(' ') || '(none)'} ${JSON.stringify(env)}`, () => {
      const c = loadConfig(argv, env);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(c[k as keyof typeof c], v, k);
    });
  }
  it('refuses a port out of range', () => assert.throws(() => loadConfig(['--task-endpoint-port', '70000'], {}), ConfigError));
});

describe('multi-host settings', () => {
  it('default to a 60 s host grace and no Spot chaos', () => {
    const c = loadConfig([], {});
    assert.deepEqual([c.hostGraceSeconds, c.spotInterruptionRate], [60, 0]);
  });
  it('read flags and environment variables', () => {
    const c = loadConfig(['--host-grace-seconds', '5'], { BERTH_SPOT_INTERRUPTION_RATE: '0.5' });
    assert.deepEqual([c.hostGraceSeconds, c.spotInterruptionRate], [5, 0.5]);
  });
  const invalid: [string[], RegExp][] = [
    [['--host-grace-seconds', '0'], /host grace must be an integer from 1 to 86400/],
    [['--spot-interruption-rate', '-1'], /spot interruption rate must be a number from 0 to 3600/],
    [['--spot-interruption-rate', '1e9'], /spot interruption rate/],
    [['--spot-interruption-rate', '3601'], /spot interruption rate/],
  ];
  for (const [argv, message] of invalid) {
    it(`refuse ${argv.join(' ')}`, () => assert.throws(() => loadConfig(argv, {}), (e: unknown) => e instanceof ConfigError && message.test(e.message)));
  }
});
