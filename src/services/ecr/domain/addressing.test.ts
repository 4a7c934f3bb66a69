import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { privatePath, regionOfHost, repositoryFor } from './addressing.js';
import { nameOfRepoId } from './records.js';

const deps = { accountId: '000000000000', publicAlias: 'b12345678' };

describe('/v2/ names and regions', () => {
  it('serves bare names from the default region', () => {
    assert.deepEqual(repositoryFor(deps, 'team/web'), {
      ns: 'private', id: 'private/us-east-1/000000000000/team/web', repositoryName: 'team/web', region: 'us-east-1', arn: 'arn:aws:ecr:us-east-1:000000000000:repository/team/web',
    });
  });

  it('serves names behind a region\'s AWS host from that region', () => {
    const west = repositoryFor(deps, '000000000000.dkr.ecr.us-west-2.amazonaws.com/team/web');
    assert.deepEqual(west, {
      ns: 'private', id: 'private/us-west-2/000000000000/team/web', repositoryName: 'team/web', region: 'us-west-2', arn: 'arn:aws:ecr:us-west-2:000000000000:repository/team/web',
    });
    assert.equal(repositoryFor(deps, '000000000000.dkr.ecr.us-east-1.amazonaws.com/web').id, repositoryFor(deps, 'web').id);
  });

  it('takes another account\'s host, or a host without a region, as part of a bare name', () => {
    assert.equal(repositoryFor(deps, '111111111111.dkr.ecr.us-west-2.amazonaws.com/web').repositoryName, '111111111111.dkr.ecr.us-west-2.amazonaws.com/web');
    assert.equal(repositoryFor(deps, '000000000000.dkr.ecr.nowhere.amazonaws.com/web').id, 'private/us-east-1/000000000000/000000000000.dkr.ecr.nowhere.amazonaws.com/web');
    assert.equal(regionOfHost('000000000000', '000000000000.dkr.ecr.us-gov-west-1.amazonaws.com'), 'us-gov-west-1');
  });

  it('serves ECR Public under its alias', () => {
    assert.deepEqual(repositoryFor(deps, 'public.ecr.aws/b12345678/tools'), {
      ns: 'public', id: 'public/000000000000/tools', repositoryName: 'tools', region: 'us-east-1', arn: 'arn:aws:ecr-public::000000000000:repository/tools',
    });
  });

  it('names a repository bare in the default region and behind its host elsewhere', () => {
    assert.equal(privatePath('000000000000', 'us-east-1', 'a/b'), 'a/b');
    assert.equal(privatePath('000000000000', 'eu-west-1', 'a/b'), '000000000000.dkr.ecr.eu-west-1.amazonaws.com/a/b');
  });

  it('qualifies a default-region name that starts with a regional host, so it reaches that repository', () => {
    const odd = '000000000000.dkr.ecr.us-west-2.amazonaws.com/x';
    const path = privatePath('000000000000', 'us-east-1', odd);
    assert.equal(path, `000000000000.dkr.ecr.us-east-1.amazonaws.com/${odd}`);
    assert.deepEqual(repositoryFor(deps, path), {
      ns: 'private', id: `private/us-east-1/000000000000/${odd}`, repositoryName: odd, region: 'us-east-1', arn: `arn:aws:ecr:us-east-1:000000000000:repository/${odd}`,
    });
  });

  it('reads the name back out of a repository id', () => {
    assert.equal(nameOfRepoId('private/eu-west-1/000000000000/a/b'), 'a/b');
    assert.equal(nameOfRepoId('public/000000000000/a/b'), 'a/b');
  });
});
