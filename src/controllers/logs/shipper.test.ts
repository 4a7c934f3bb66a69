/** The awslogs shipper on the fake runtime and the memory stores: streams, multi-line events, the start check, restarts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../platform/clock.js';
import { silentLogger } from '../../platform/log.js';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.js';
import { waitFor } from '../../runtime/conformance.js';
import { LogLine, LogOptions, RuntimeError } from '../../runtime/runtime.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { MemoryEventStore } from '../../services/logs/domain/events/memory-event-store.js';
import { createGroup, findGroup } from '../../services/logs/domain/groups.js';
import { MemoryStore } from '../../state/memory-store.js';
import { LogShipper } from './shipper.js';

const SCOPE = { region: 'eu-west-1', accountId: '123456789012' };
const TASK_ID = '0123456789abcdef0123456789abcdef';
const KEY = `eu-west-1/123456789012/c/${TASK_ID}`;
const IMAGE = 'busybox:1';

function taskDoc(options: Record<string, string>, fargate = false): TaskDoc {
  return {
    taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/c/${TASK_ID}`, desiredStatus: 'RUNNING', lastStatus: 'PROVISIONING', version: 1,
    containers: [{ name: 'app', lastStatus: 'PENDING' }],
    berth: { fargate, containers: [{ name: 'app', image: IMAGE, logConfiguration: { logDriver: 'awslogs', options } }] },
  } as unknown as TaskDoc;
}

/** Cuts the first log read after two lines, as an engine restart would. */
class CutOnce extends FakeRuntime {
  private cut = false;

  override async *containerLogs(id: string, opts: LogOptions): AsyncIterable<LogLine> {
    let n = 0;
    for await (const line of super.containerLogs(id, opts)) {
      yield line;
      if (!this.cut && ++n === 2) {
        this.cut = true;
        throw new RuntimeError('docker engine: socket hang up', 'Unavailable');
      }
    }
  }
}

function world(runtime = new FakeRuntime({ images: [IMAGE] }), flushMs = 10) {
  const store = new MemoryStore(silentLogger);
  const events = new MemoryEventStore();
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  const shipper = () => new LogShipper({ store, runtime, clock, log: silentLogger, events, flushMs });
  const group = (name: string) => store.transact((tx) => createGroup(tx, SCOPE, { logGroupName: name }, 0));
  const task = () => store.get<TaskDoc>(KIND.task, KEY)!.doc;
  /** Starts a container for the task and records it as the task controller would. */
  const run = async () => {
    const id = await runtime.createContainer({ name: `c${Math.random()}`, image: IMAGE, labels: {}, networkMode: 'bridge' });
    await runtime.startContainer(id);
    store.transact((tx) => tx.put(KIND.task, KEY, { ...task(), lastStatus: 'RUNNING', containers: [{ ...task().containers[0], runtimeId: id, lastStatus: 'RUNNING' }] }));
    return id;
  };
  const messages = (groupName: string, stream: string) => {
    const g = findGroup(store, SCOPE, groupName);
    return g ? events.readStream(g.events, stream, { direction: 'forward', limit: 1000 }).map((e) => e.message) : [];
  };
  return { store, events, runtime, shipper, group, task, run, messages, create: (t: TaskDoc) => store.transact((tx) => tx.put(KIND.task, KEY, t)) };
}

describe('the awslogs shipper', () => {
  it('ships stdout and stderr to <prefix>/<container>/<task id>, in order', async () => {
    const w = world();
    w.group('/ecs/web');
    const shipper = w.shipper();
    shipper.start();
    w.create(taskDoc({ 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }));
    const id = await w.run();
    w.runtime.writeLog(id, 'stdout', 'hello');
    w.runtime.writeLog(id, 'stderr', 'oops');
    const stream = `ecs/app/${TASK_ID}`;
    await waitFor('two events', () => w.messages('/ecs/web', stream).length === 2);
    assert.deepEqual(w.messages('/ecs/web', stream), ['hello', 'oops']);
    await shipper.stop();
  });

  it('names the stream after the container id without a prefix, and assembles multi-line events', async () => {
    const w = world();
    w.group('g');
    const shipper = w.shipper();
    shipper.start();
    w.create(taskDoc({ 'awslogs-group': 'g', 'awslogs-multiline-pattern': '^\\d' }));
    const id = await w.run();
    for (const line of ['1 start', '  detail', '2 next']) w.runtime.writeLog(id, 'stdout', line);
    w.runtime.exitContainer(id, 0);
    w.store.transact((tx) => tx.put(KIND.task, KEY, { ...w.task(), containers: [{ ...w.task().containers[0], lastStatus: 'STOPPED', exitCode: 0 }] }));
    await waitFor('the output to end', () => w.events.checkpoint(id)?.done);
    assert.deepEqual(w.messages('g', id), ['1 start\n  detail\n', '2 next\n'], 'the open event is stored when the container stops');
    await shipper.stop();
  });

  it('fails a new task whose group is missing, as the agent reports it; creates the group when allowed', () => {
    const w = world();
    const shipper = w.shipper();
    shipper.start();
    w.create(taskDoc({ 'awslogs-group': '/missing' }));
    const reason = 'CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.';
    assert.deepEqual([w.task().desiredStatus, w.task().stopCode, w.task().stoppedReason, w.task().containers[0].reason], ['STOPPED', 'TaskFailedToStart', reason, reason]);
    w.store.transact((tx) => tx.delete(KIND.task, KEY));
    w.create(taskDoc({ 'awslogs-group': '/missing' }, true));
    assert.match(w.task().stoppedReason ?? '', /^ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: .* : exit status 1$/);
    w.store.transact((tx) => tx.delete(KIND.task, KEY));
    w.create(taskDoc({ 'awslogs-group': '/created', 'awslogs-create-group': 'true' }));
    assert.equal(w.task().desiredStatus, 'RUNNING');
    assert.ok(findGroup(w.store, SCOPE, '/created'));
    void shipper.stop();
  });

  it('fails a new task whose options the driver refuses', () => {
    const w = world();
    w.shipper().start();
    w.create(taskDoc({ 'awslogs-group': 'g', 'awslogs-multiline-pattern': 'x', 'awslogs-datetime-format': '%Y' }));
    assert.equal(w.task().stoppedReason, "CannotCreateContainerError: Error response from daemon: you cannot configure log opt 'awslogs-datetime-format' and 'awslogs-multiline-pattern' at the same time");
  });

  it('resumes after a restart without losing or repeating a line', async () => {
    const w = world();
    w.group('g');
    const first = w.shipper();
    first.start();
    w.create(taskDoc({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p' }));
    const id = await w.run();
    const stream = `p/app/${TASK_ID}`;
    for (let i = 0; i < 5; i++) w.runtime.writeLog(id, 'stdout', `before ${i}`);
    await waitFor('the first lines', () => w.messages('g', stream).length === 5);
    await first.stop();
    for (let i = 0; i < 5; i++) w.runtime.writeLog(id, 'stdout', `while down ${i}`);
    const second = w.shipper();
    second.start();
    w.runtime.writeLog(id, 'stdout', 'after');
    await waitFor('every line', () => w.messages('g', stream).length >= 11);
    assert.deepEqual(w.messages('g', stream), [...[0, 1, 2, 3, 4].map((i) => `before ${i}`), ...[0, 1, 2, 3, 4].map((i) => `while down ${i}`), 'after']);
    await second.stop();
  });

  it('runs a follow again after the engine cuts it, repeating nothing it had read', async () => {
    // Batches wait for the end: the first run's lines are still queued when the cut comes.
    const w = world(new CutOnce({ images: [IMAGE] }), 60_000);
    w.group('g');
    const shipper = w.shipper();
    shipper.start();
    w.create(taskDoc({ 'awslogs-group': 'g' }));
    const id = await w.run();
    for (const line of ['one', 'two', 'three']) w.runtime.writeLog(id, 'stdout', line);
    w.runtime.exitContainer(id, 0);
    w.store.transact((tx) => tx.put(KIND.task, KEY, { ...w.task(), containers: [{ ...w.task().containers[0], lastStatus: 'STOPPED', exitCode: 0 }] }));
    await waitFor('the output to end', () => w.events.checkpoint(id)?.done);
    assert.deepEqual(w.messages('g', id), ['one', 'two', 'three']);
    await shipper.stop();
  });

  it('drops the positions of a task whose record is gone', async () => {
    const w = world();
    w.group('g');
    const shipper = w.shipper();
    shipper.start();
    w.create(taskDoc({ 'awslogs-group': 'g' }));
    const id = await w.run();
    w.runtime.writeLog(id, 'stdout', 'x');
    await waitFor('a checkpoint', () => w.events.checkpoint(id));
    w.store.transact((tx) => tx.delete(KIND.task, KEY));
    await waitFor('the checkpoint to go', () => w.events.checkpoints().length === 0);
    await shipper.stop();
  });
});
