// node --test bench/node/   (the Node fan-out subscriber's SSE framing and send-time field)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser, sentMicros } from './sse-parser.mjs';

function events(chunks) {
  const seen = [];
  const parser = new SseParser((data, context) => seen.push([data, context]));
  chunks.forEach((chunk, i) => parser.push(chunk, i));
  return seen;
}

test('a gateway frame: id, event, one data line, a blank line', () => {
  assert.deepEqual(events(['id: 1-0\nevent: slot-booked\ndata: {"a":1}\n\n']), [['{"a":1}', 0]]);
});

test('a frame split anywhere is dispatched once, with the context of the chunk that completed it', () => {
  const frame = 'id: 1-0\nevent: slot-booked\ndata: {"a":1}\n\n';
  for (let cut = 1; cut < frame.length; cut++) {
    assert.deepEqual(events([frame.slice(0, cut), frame.slice(cut)]), [['{"a":1}', 1]], `cut at ${cut}`);
  }
});

test('CRLF and CR line ends, also with the CRLF split across chunks', () => {
  assert.deepEqual(events(['data: x\r\n\r\ndata: y\r\rdata: z\r', '\ndata: w\r\n\r\n']), [['x', 0], ['y', 0], ['z\nw', 1]]);
});

test('data lines are joined; comments (heartbeats) and frames without data dispatch nothing', () => {
  assert.deepEqual(events([': heartbeat\n\nid: 7\n\ndata: a\ndata:b\ndata\n\n']), [['a\nb\n', 0]]);
});

test('a line longer than the bound says the stream is not SSE', () => {
  const parser = new SseParser(() => {}, 10);
  assert.equal(parser.push('data: 1234', 0), true);
  assert.equal(parser.push('5 and more, still no line end', 0), false);
});

test('the send time: epoch nanoseconds to exact microseconds', () => {
  assert.equal(sentMicros('{"data":{"x":1,"bench_sent_ns":1764637200123456789}}'), 1764637200123456.789);
  assert.ok(Number.isNaN(sentMicros('{"data":{}}')));
});
