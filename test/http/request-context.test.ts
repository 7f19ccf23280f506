import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/observability/logger';
import { bindRequestContext, type RequestContext, requestContextOf, requestLogFields, requestLogger } from '../../src/http/request-context';

function collector() {
  let text = '';
  const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } });
  return { stream, lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('http/request-context: request and turn ids bound to the activity', () => {
  it('fields of the bound activity only; a turn id set later shows; other objects and non-objects give none', () => {
    const activity = { type: 'message' };
    const context: RequestContext = { requestId: 'r-1' };
    bindRequestContext(activity, context);
    assert.deepEqual(requestLogFields(activity), { requestId: 'r-1' });
    context.turnId = 't-1';
    assert.deepEqual(requestLogFields(activity), { requestId: 'r-1', turnId: 't-1' });
    assert.equal(requestContextOf(activity), context);
    assert.deepEqual(requestLogFields({ type: 'message' }), {});
    for (const other of [undefined, null, 'text', 42]) assert.deepEqual(requestLogFields(other), {});
  });

  it('requestLogger: lines carry the ids of their own activity (two requests at once), the base logger none; unbound returns the logger itself', () => {
    const out = collector();
    const base = createLogger({ destination: out.stream });
    const a = { type: 'message' };
    const b = { type: 'invoke' };
    bindRequestContext(a, { requestId: 'r-a', turnId: 't-a' });
    bindRequestContext(b, { requestId: 'r-b', turnId: 't-b' });
    const logA = requestLogger(base, a);
    const logB = requestLogger(base, b);
    logB.info({ n: 1 }, 'b line');
    logA.warn('a line');
    base.info('base line');
    assert.equal(logA.isLevelEnabled('info'), true, 'other members work through it');
    assert.equal(requestLogger(base, { type: 'message' }), base);
    const lines = out.lines();
    const by = (msg: string) => lines.find((l) => l.msg === msg)!;
    assert.equal(by('a line').requestId, 'r-a');
    assert.equal(by('a line').turnId, 't-a');
    assert.equal(by('b line').requestId, 'r-b');
    assert.equal(by('b line').turnId, 't-b');
    assert.equal(by('b line').n, 1);
    assert.equal(by('base line').requestId, undefined);
  });
});
