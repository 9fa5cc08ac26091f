// Server-Sent Events framing (WHATWG "event stream interpretation"), as much of it as a subscriber
// needs to see events: lines end with LF, CR or CRLF; "data:" lines are joined with LF; a blank
// line dispatches the event; ":" comments (heartbeats), id:, event: and retry: are read past.
// Used by sse-subscribers.mjs; tested by sse-parser.test.mjs (node --test bench/node/).

/** The send time a bench publisher put in an event ("bench_sent_ns", epoch nanoseconds), in microseconds; NaN if none. */
export function sentMicros(data) {
  const marker = '"bench_sent_ns":';
  const at = data.indexOf(marker);
  if (at < 0) {
    return NaN;
  }
  let end = at + marker.length;
  while (end < data.length && data.charCodeAt(end) >= 48 && data.charCodeAt(end) <= 57) {
    end++;
  }
  const digits = data.slice(at + marker.length, end);
  if (digits.length === 0) {
    return NaN;
  }
  // Nanoseconds since the epoch exceed 2^53: split them so the microseconds stay exact.
  return digits.length <= 3 ? Number(digits) / 1000 : Number(digits.slice(0, -3)) + Number(digits.slice(-3)) / 1000;
}

export class SseParser {
  /**
   * @param onEvent called with (data, context) for every dispatched event that has data
   * @param maxPendingChars a line longer than this is not SSE: push() then answers false
   */
  constructor(onEvent, maxPendingChars = 1 << 20) {
    this.onEvent = onEvent;
    this.maxPendingChars = maxPendingChars;
    this.pending = '';
    this.data = null;
    this.afterCr = false;
  }

  /** Feeds a decoded chunk; context (e.g. the time it was read) is passed to onEvent. False: not SSE, stop. */
  push(chunk, context) {
    let text = this.pending + chunk;
    if (this.afterCr && text.charCodeAt(0) === 10) {
      text = text.slice(1); // the LF of a CRLF split across chunks
    }
    this.afterCr = false;
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n', start);
      const cr = text.indexOf('\r', start);
      const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      if (end < 0) {
        break;
      }
      this.line(text.slice(start, end), context);
      if (end === cr && text.charCodeAt(end + 1) === 10) {
        start = end + 2;
      } else {
        start = end + 1;
        this.afterCr = end === cr && end + 1 === text.length;
      }
    }
    this.pending = text.slice(start);
    return this.pending.length <= this.maxPendingChars;
  }

  line(line, context) {
    if (line === '') {
      if (this.data !== null) {
        const data = this.data;
        this.data = null;
        this.onEvent(data, context);
      }
    } else if (line.startsWith('data')) {
      if (line.length === 4 || line.charCodeAt(4) === 58) {
        const value = line.length === 4 ? '' : line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
        this.data = this.data === null ? value : this.data + '\n' + value;
      }
    }
  }
}
