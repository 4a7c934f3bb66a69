import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HostAccessPolicy } from '../../../platform/config.js';
import { ALLOW_ALL, hostAccessProblem, hostPathOf, underPrefix } from './host-access.js';
import { ContainerDef, TaskDefInput, VolumeDef } from './task-definition-rules.js';

const td = (over: Partial<TaskDefInput> = {}, container: Partial<ContainerDef> = {}): TaskDefInput =>
  ({ family: 'f', containerDefinitions: [{ name: 'app', image: 'x', memory: 32, ...container }], ...over });
const policy = (over: Partial<HostAccessPolicy>): HostAccessPolicy => ({ ...ALLOW_ALL, ...over });
const bindVolume = (device: string | undefined, o = 'bind', driver?: string): VolumeDef =>
  ({ name: 'v', dockerVolumeConfiguration: { scope: 'task', driver, driverOpts: { type: 'none', o, ...(device === undefined ? {} : { device }) } } });

describe('underPrefix (normalised absolute paths, component by component)', () => {
  const allowed = ['/srv/data', '/var/cache'];
  const cases: [string, boolean][] = [
    ['/srv/data', true], ['/srv/data/', true], ['/srv/data/app', true], ['/srv/data/./app//x', true], ['//srv/data', true],
    ['/var/cache/apt', true], ['/srv/data/a/../b', true],
    ['/srv/data/../../etc', false], ['/srv/data/..', false], ['/srv/data2', false], ['/srv/database', false], ['/srv', false],
    ['/', false], ['/etc', false], ['srv/data', false], ['./srv/data', false], ['../srv/data', false], ['', false],
    ['/var/run/docker.sock', false],
  ];
  for (const [path, expected] of cases) it(`${JSON.stringify(path)} is ${expected ? 'inside' : 'outside'}`, () => assert.equal(underPrefix(path, allowed), expected));
  it('the prefix / allows every absolute path but no relative one', () => {
    assert.equal(underPrefix('/etc/shadow', ['/']), true);
    assert.equal(underPrefix('etc', ['/']), false);
  });
});

describe('hostPathOf', () => {
  const cases: [string, VolumeDef, string | undefined][] = [
    ['host sourcePath', { name: 'v', host: { sourcePath: '/etc' } }, '/etc'],
    ['host {} (a Docker-managed volume)', { name: 'v', host: {} }, undefined],
    ['no host, no configuration', { name: 'v' }, undefined],
    ['plain Docker volume', { name: 'v', dockerVolumeConfiguration: { scope: 'task' } }, undefined],
    ['local driver o=bind', bindVolume('/'), '/'],
    ['local driver named explicitly', bindVolume('/', 'bind', 'local'), '/'],
    ['o=rbind among other options', bindVolume('/home', 'ro,rbind'), '/home'],
    ['o=bind without a device', bindVolume(undefined), ''],
    ['a block device', { name: 'v', dockerVolumeConfiguration: { driverOpts: { type: 'ext4', device: '/dev/sda1' } } }, '/dev/sda1'],
    ['tmpfs', { name: 'v', dockerVolumeConfiguration: { driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=64m' } } }, undefined],
    ['NFS', { name: 'v', dockerVolumeConfiguration: { driverOpts: { type: 'nfs', o: 'addr=10.0.0.1', device: ':/export' } } }, undefined],
    ['another driver', bindVolume('/', 'bind', 'rexray/ebs'), undefined],
  ];
  for (const [name, volume, expected] of cases) it(name, () => assert.equal(hostPathOf(volume), expected));
});

describe('hostAccessProblem', () => {
  const root = { volumes: [{ name: 'root', host: { sourcePath: '/' } }] };
  const cases: [string, TaskDefInput, HostAccessPolicy, RegExp | undefined][] = [
    ['everything allowed by default', td({ ...root, networkMode: 'host', pidMode: 'host' }, { privileged: true, linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } }), ALLOW_ALL, undefined],
    ['host mounts none: sourcePath /', td(root), policy({ allowHostMounts: [] }),
      /^Host bind mounts are disabled by the Berth operator \(--allow-host-mounts\): volume 'root' uses host\.sourcePath '\/'\.$/],
    ['host mounts none: local bind driver options', td({ volumes: [bindVolume('/')] }), policy({ allowHostMounts: [] }),
      /^Host bind mounts are disabled .*--allow-host-mounts.*driverOpts device '\/'/],
    ['host mounts none: host {} is fine', td({ volumes: [{ name: 'v', host: {} }] }), policy({ allowHostMounts: [] }), undefined],
    ['prefix: inside', td({ volumes: [{ name: 'd', host: { sourcePath: '/srv/data/app' } }] }), policy({ allowHostMounts: ['/srv/data'] }), undefined],
    ['prefix: escaping with ..', td({ volumes: [{ name: 'd', host: { sourcePath: '/srv/data/../../etc' } }] }), policy({ allowHostMounts: ['/srv/data'] }),
      /^Host bind mounts outside \/srv\/data are disabled by the Berth operator \(--allow-host-mounts\)/],
    ['prefix: sibling name', td({ volumes: [{ name: 'd', host: { sourcePath: '/srv/database' } }] }), policy({ allowHostMounts: ['/srv/data'] }), /outside \/srv\/data/],
    ['prefix: relative path', td({ volumes: [{ name: 'd', host: { sourcePath: 'srv/data' } }] }), policy({ allowHostMounts: ['/srv/data'] }), /must name an absolute path/],
    ['prefix: bind driver inside', td({ volumes: [bindVolume('/srv/data/x')] }), policy({ allowHostMounts: ['/srv/data'] }), undefined],
    ['prefix: bind driver without device', td({ volumes: [bindVolume(undefined)] }), policy({ allowHostMounts: ['/srv/data'] }), /must name an absolute path/],
    ['privileged forbidden', td({}, { privileged: true }), policy({ allowPrivileged: false }),
      /^Privileged containers are disabled by the Berth operator \(--allow-privileged\): container 'app'\.$/],
    ['privileged false is fine when forbidden', td({}, { privileged: false }), policy({ allowPrivileged: false }), undefined],
    ['capabilities none', td({}, { linuxParameters: { capabilities: { add: ['NET_ADMIN'] } } }), policy({ allowCapabilities: [] }),
      /^Adding Linux capabilities is disabled by the Berth operator \(--allow-capabilities\): container 'app' adds NET_ADMIN\.$/],
    ['capabilities none: dropping is fine', td({}, { linuxParameters: { capabilities: { drop: ['ALL'] } } }), policy({ allowCapabilities: [] }), undefined],
    ['capabilities list: listed one, any spelling', td({}, { linuxParameters: { capabilities: { add: ['cap_net_admin'] } } }), policy({ allowCapabilities: ['NET_ADMIN'] }), undefined],
    ['capabilities list: unlisted one', td({}, { linuxParameters: { capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'] } } }), policy({ allowCapabilities: ['NET_ADMIN'] }),
      /other than NET_ADMIN is disabled .*adds SYS_ADMIN\.$/],
    ['capabilities list: ALL needs ALL', td({}, { linuxParameters: { capabilities: { add: ['ALL'] } } }), policy({ allowCapabilities: ['NET_ADMIN'] }), /adds ALL/],
    ['host network forbidden', td({ networkMode: 'host' }), policy({ allowHostNamespaces: false }),
      /^Host namespaces are disabled by the Berth operator \(--allow-host-namespaces\): networkMode 'host'\.$/],
    ['host pid forbidden', td({ pidMode: 'host' }), policy({ allowHostNamespaces: false }), /pidMode 'host'/],
    ['host ipc forbidden', td({ ipcMode: 'host' }), policy({ allowHostNamespaces: false }), /ipcMode 'host'/],
    ['bridge and task namespaces are fine', td({ networkMode: 'bridge', pidMode: 'task', ipcMode: 'task' }), policy({ allowHostNamespaces: false }), undefined],
  ];
  for (const [name, input, p, expected] of cases) {
    it(name, () => {
      const problem = hostAccessProblem(input, p);
      if (expected) assert.match(problem ?? '', expected);
      else assert.equal(problem, undefined);
    });
  }
});
