// Drives one Redis with a store script's calls, as the gateway or the bare-dedupe ceiling makes
// them, for bench/run's `script` case: Redis runs under callgrind there, so what this prints is only
// what was sent; the instructions per push come from callgrind, the same count every run.
//
//   node bench/node/script-cost.mjs --port P --script FILE --shape gateway|bare --batch K --pushes N \
//        --template bench/payload/slot-booked.json
//
// gateway: the arguments of EventStore's store call (per push: verdict, name, source, 16-byte
//          fingerprint, facility, doctor, notification; not-after and late only after a verdict),
//          K pushes per call, as the gateway batches the pushes of one event-loop turn;
// bare:    the bare-dedupe ceiling's (a seen-key per push in KEYS, the bodies in ARGV), K per call.
// Every body is different (an id per push), so every push is stored: the unique-push path.
import net from 'node:net';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string' }, script: { type: 'string' }, shape: { type: 'string', default: 'gateway' },
    batch: { type: 'string', default: '6' }, pushes: { type: 'string', default: '12000' },
    template: { type: 'string' },
  },
});
const batch = Number(opts.batch);
const calls = Math.ceil(Number(opts.pushes) / batch);
const source = fs.readFileSync(opts.script);
const template = fs.readFileSync(opts.template, 'utf8').trim();
const DAY = 86_400_000;

function body(n) {
  const values = {
    ID: `cost-${process.pid}-${n}`, FACILITY: String(n % 50 + 1), DOCTOR: String(100 + n % 900),
    START: '2026-12-01T10:00:00+01:00', END: '2026-12-01T10:30:00+01:00',
    BOOKED: '2026-11-20T09:00:00+01:00', CREATED: '2026-11-20T09:00:01+01:00', EXTRA: '',
  };
  return Buffer.from(template.replace(/\$\{([A-Z]+)\}/g, (_, key) => values[key] ?? ''));
}

function command(args) {
  const parts = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

// Just enough RESP to know where each reply ends (and to see errors).
function skip(buffer, at) {
  if (at >= buffer.length) return -1;
  const end = buffer.indexOf('\r\n', at);
  if (end < 0) return -1;
  const type = String.fromCharCode(buffer[at]);
  const line = buffer.toString('utf8', at + 1, end);
  if (type === '-') throw new Error(`Redis: ${line}`);
  if (type === '+' || type === ':') return end + 2;
  if (type === '$') {
    const size = Number(line);
    if (size < 0) return end + 2;
    return buffer.length >= end + 4 + size ? end + 4 + size : -1;
  }
  if (type === '*') {
    let next = end + 2;
    for (let i = 0; i < Number(line); i++) {
      next = skip(buffer, next);
      if (next < 0) return -1;
    }
    return next;
  }
  throw new Error(`unexpected reply type ${type}`);
}

const socket = net.connect(Number(opts.port), '127.0.0.1');
let pending = Buffer.alloc(0);
const waiting = [];
socket.on('data', (data) => {
  pending = Buffer.concat([pending, data]);
  let at = 0;
  for (let end; (end = skip(pending, at)) >= 0; at = end) waiting.shift()();
  pending = pending.subarray(at);
});
socket.on('error', (error) => { console.error(error.message); process.exit(1); });
const send = (args) => new Promise((resolve) => { waiting.push(resolve); socket.write(command(args)); });

let next = 0;
function call(sha) {
  const bodies = Array.from({ length: batch }, () => body(next++));
  const minId = Date.now() - 7 * DAY;
  if (opts.shape === 'bare') {
    const seen = bodies.map((b) => `bench:ceiling:seen:${crypto.createHash('sha256').update(b).digest('hex')}`);
    return send(['EVALSHA', sha, batch + 1, 'bench:stream', ...seen, 14 * DAY, minId, ...bodies]);
  }
  const args = ['EVALSHA', sha, 2, 'bench:events', '{bench:events}:seen', 14 * DAY, 14 * DAY, minId];
  for (const b of bodies) {
    const fingerprint = crypto.createHash('sha256').update(b).digest().subarray(0, 16);
    args.push('', 'slot-booked', 'push', fingerprint, '1', '101', b); // no verdict: no deadline, no late verdict
  }
  return send(args);
}

const sha = crypto.createHash('sha1').update(source).digest('hex');
await send(['SCRIPT', 'LOAD', source]);
const inflight = [];
for (let c = 0; c < calls; c++) {
  inflight.push(call(sha));
  if (inflight.length >= 8) await inflight.shift(); // a pipeline as deep as a loaded gateway's
}
await Promise.all(inflight);
console.log(`SCRIPT shape=${opts.shape} batch=${batch} calls=${calls} pushes=${calls * batch}`);
socket.end();
