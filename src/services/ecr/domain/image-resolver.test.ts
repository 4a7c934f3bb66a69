import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitImage } from './image-resolver.js';

describe('image references', () => {
  it('splits host, name and tag or digest', () => {
    assert.deepEqual(splitImage('000000000000.dkr.ecr.us-east-1.amazonaws.com/team/web:v1'), { host: '000000000000.dkr.ecr.us-east-1.amazonaws.com', name: 'team/web', ref: 'v1' });
    assert.deepEqual(splitImage('localhost:4566/app'), { host: 'localhost:4566', name: 'app', ref: 'latest' });
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.deepEqual(splitImage(`localhost:4566/app@${digest}`), { host: 'localhost:4566', name: 'app', ref: digest });
  });
  it('leaves Docker Hub style names alone', () => {
    assert.equal(splitImage('nginx:alpine'), undefined);
    assert.equal(splitImage('library/nginx'), undefined);
  });
});
