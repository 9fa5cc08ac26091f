// A docplanner-gateway feed consumer for Node 20+, with nothing but fetch (no dependencies):
//   FEED_URL=http://localhost:8081/events FEED_TOKEN=… node sse-consumer.mjs
// It keeps the id of the last event it handled in a file and resumes from it on every
// (re)connect (?since=, like EventSource's Last-Event-ID), so nothing is lost or repeated.
// `event: reset` means that id is no longer retained: everything retained follows; reconcile.
// The token goes in ?access_token= (what a browser EventSource must do; a header works too).
// Environment: FEED_URL, FEED_TOKEN, STATE_FILE (default last-event-id.txt),
// MAX_EVENTS (stop after that many events; default: run forever).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const feedUrl = process.env.FEED_URL || 'http://localhost:8081/events';
const token = process.env.FEED_TOKEN || '';
const stateFile = process.env.STATE_FILE || 'last-event-id.txt';
const maxEvents = Number(process.env.MAX_EVENTS || -1);
let handled = 0;
let retryMs = 2000;

function onEvent(id, name, envelope) {
  // Your code goes here; envelope.notification is what Docplanner sent.
  console.log(`event ${id} ${name} ${envelope.notification.created_at}`);
}

function onReset(reset) {
  console.log(`reset ${JSON.stringify(reset)}`);
}

function save(id) {
  writeFileSync(`${stateFile}.tmp`, id);
  renameSync(`${stateFile}.tmp`, stateFile); // atomic: never a half-written id
}

const done = () => maxEvents >= 0 && handled >= maxEvents;

async function consumeOnce() {
  const url = new URL(feedUrl);
  url.searchParams.set('since', existsSync(stateFile) ? readFileSync(stateFile, 'utf8').trim() : '0');
  if (token) url.searchParams.set('access_token', token);
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
  if (response.status !== 200) {
    throw new Error(`feed answered ${response.status}: ${await response.text()}`);
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let event = { id: null, name: 'message', data: [] };
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') { // a blank line ends an event
        if (event.data.length > 0) {
          const data = JSON.parse(event.data.join('\n'));
          if (event.name === 'reset') {
            onReset(data);
          } else {
            onEvent(event.id, event.name, data);
            save(event.id); // only after the event was handled
            handled++;
          }
        }
        event = { id: null, name: 'message', data: [] };
        if (done()) {
          controller.abort();
          return;
        }
      } else if (line.startsWith('id:')) {
        event.id = line.slice(3).trim();
      } else if (line.startsWith('event:')) {
        event.name = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        event.data.push(line.slice(5).trim());
      } else if (line.startsWith('retry:')) {
        retryMs = Number(line.slice(6).trim());
      } // ':' lines are heartbeats
    }
  }
}

while (!done()) {
  try {
    await consumeOnce();
  } catch (e) {
    if (done()) break;
    console.error(`feed: ${e.message}; reconnecting in ${retryMs} ms`);
  }
  if (!done()) await new Promise((resolve) => setTimeout(resolve, retryMs));
}
