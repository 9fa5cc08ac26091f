// Fan-out subscribers as a Node service would write them: plain http.get, one socket per
// subscriber (its own keep-alive agent, maxSockets 1), setNoDelay, an SSE frame parser
// (sse-parser.mjs, tested with `node --test bench/node/`), and no dependency beyond Node 20. Driven by bench FanoutRun (FanoutClient.Node) over stdin/stdout:
//
//   node bench/node/sse-subscribers.mjs --url http://host:port/events --subscribers N [--prime /nodelay]
//
//   stdout  {"ready":true,"connected":N,"failed":F,"firstFailure":"..."}   once all are streaming or failed
//   stdin   window START_US END_US       events whose send time is in [start, end) are counted and timed
//   stdin   drain EXPECTED DEADLINE_US   wait until EXPECTED such events arrived (summed over subscribers)
//                                        or the deadline, then print the result (exits when stdin closes)
//   stdout  {"result":true,"delivered":...,"p50_us":...,"p99_us":...,"max_us":...,...}
//
// Clock: latency = frame read here - the publisher's send time carried in the event
// ("bench_sent_ns", nanoseconds since the epoch). Both processes anchor a monotonic clock to the
// wall clock once: here performance.timeOrigin (the epoch at process start) + performance.now();
// process.hrtime() has an arbitrary origin per process and could not be compared.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { SseParser, sentMicros } from './sse-parser.mjs';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const url = new URL(args.url);
const wanted = Number(args.subscribers ?? 100);
const prime = args.prime;
// A frame larger than this without a line end is not SSE: drop the connection, keep memory bounded.
const MAX_PENDING_CHARS = 1 << 20;
// Latencies are kept (as float microseconds) and sorted at the end; bounded, beyond it only counted.
const MAX_SAMPLES = 1 << 24;

const nowUs = () => (performance.timeOrigin + performance.now()) * 1000;

let windowStart = Infinity;
let windowEnd = Infinity;
let samples = new Float32Array(1 << 16);
let recorded = 0;
let unrecorded = 0;
let delivered = 0;
let outside = 0;
let negative = 0;
let streaming = 0;
let failed = 0;
let disconnected = 0;
let notReused = 0;
let firstFailure = '';
let readyPrinted = false;
const sockets = [];

function record(latencyUs) {
  if (latencyUs < 0) {
    negative++; // the clocks disagree: counted, so that a bad figure cannot go unnoticed
    latencyUs = 0;
  }
  if (recorded === samples.length) {
    if (samples.length >= MAX_SAMPLES) {
      unrecorded++;
      return;
    }
    const bigger = new Float32Array(samples.length * 2);
    bigger.set(samples);
    samples = bigger;
  }
  samples[recorded++] = latencyUs;
}

function onEvent(data, receivedUs) {
  const sentUs = sentMicros(data);
  if (Number.isNaN(sentUs)) {
    return;
  }
  if (sentUs >= windowStart && sentUs < windowEnd) {
    delivered++;
    record(receivedUs - sentUs);
  } else {
    outside++;
  }
}

function fail(why) {
  failed++;
  if (!firstFailure) {
    firstFailure = String(why);
  }
  maybeReady();
}

function maybeReady() {
  if (!readyPrinted && streaming + failed + disconnected >= wanted) {
    readyPrinted = true;
    console.log(JSON.stringify({ ready: true, connected: streaming, failed, firstFailure, notReused }));
  }
}

function subscribe() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const options = (path, headers) => ({ host: url.hostname, port: url.port, path, agent, headers });
  const stream = () => {
    const req = http.get(options(url.pathname + url.search, { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' }),
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          fail(`subscription answered ${res.statusCode}`);
          return;
        }
        streaming++;
        let open = true;
        const gone = () => {
          if (open) {
            open = false;
            streaming--;
            disconnected++;
            maybeReady();
          }
        };
        const parser = new SseParser(onEvent, MAX_PENDING_CHARS);
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          if (!parser.push(chunk, nowUs())) {
            res.destroy();
          }
        });
        res.on('end', gone);
        res.on('close', gone);
        res.on('error', gone);
        maybeReady();
      });
    req.on('socket', (socket) => {
      socket.setNoDelay(true);
      sockets.push(socket);
    });
    req.on('error', (e) => fail(e.message));
    if (prime) {
      // Nginx sets TCP_NODELAY only on a connection that turned keep-alive: the subscription must
      // reuse the primed one (see bench/README.md, "Nchan and TCP_NODELAY").
      req.on('socket', () => {
        if (!req.reusedSocket) {
          notReused++;
        }
      });
    }
  };
  if (!prime) {
    stream();
    return;
  }
  const primer = http.get(options(prime, {}), (res) => {
    res.resume();
    res.on('end', () => setImmediate(stream));
  });
  primer.on('socket', (socket) => socket.setNoDelay(true));
  primer.on('error', (e) => fail(e.message));
}

function percentile(sorted, q) {
  if (sorted.length === 0) {
    return 0;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function finish() {
  const sorted = samples.subarray(0, recorded).sort();
  console.log(JSON.stringify({
    result: true, delivered, outside, negative, unrecorded, disconnected, connected: streaming, notReused,
    p50_us: percentile(sorted, 0.5), p99_us: percentile(sorted, 0.99), max_us: recorded ? sorted[recorded - 1] : 0,
  }));
  // Stay alive (the driver reads this process's CPU time) until the driver closes stdin.
}

function drain(expected, deadlineUs) {
  const check = () => (delivered >= expected || nowUs() >= deadlineUs ? finish() : setTimeout(check, 10));
  check();
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, a, b] = line.trim().split(/\s+/);
  if (command === 'window') {
    windowStart = Number(a);
    windowEnd = Number(b);
  } else if (command === 'drain') {
    drain(Number(a), Number(b));
  }
});
// The driver is done with us (or went away).
process.stdin.on('end', () => {
  for (const socket of sockets) {
    socket.destroy();
  }
  process.exit(0);
});

for (let i = 0; i < wanted; i++) {
  subscribe();
}
setTimeout(() => {
  if (!readyPrinted) {
    readyPrinted = true;
    console.log(JSON.stringify({ ready: true, connected: streaming, failed, firstFailure: firstFailure || 'timed out', notReused }));
  }
}, 120_000).unref();
