import { Writable } from 'node:stream';
import type { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OVERLAP_MS, runTail } from './tail-command.js';

// runTail against a stub client: what one poll can hand it, however large, without a socket.

/** A writable that counts the lines written to it. */
function lineCounter() {
  let lines = 0;
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const c of String(chunk)) if (c === '\n') lines++;
      done();
    },
  });
  return { out, lines: () => lines };
}

describe('runTail', () => {
  it('shows the escape sequences of an event that is not a record escaped, and as it is with raw', async () => {
    const events = [{ eventId: 'e1', logStreamName: 's', timestamp: 1, message: 'START \u001b[2J\u202eevil' }];
    const client = { send: async () => ({ events }) } as unknown as CloudWatchLogsClient;
    const collect = async (raw: boolean) => {
      let text = '';
      const out = new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          text += String(chunk);
          done();
        },
      });
      await runTail({ group: 'g', startTime: 0, raw }, client, out, new AbortController().signal);
      return text;
    };
    expect(await collect(false)).toBe('START \\u001b[2J\\u202eevil\n');
    expect(await collect(true)).toBe('START \u001b[2J\u202eevil\n');
  });
});

describe('runTail --follow', () => {
  it('takes a poll of 130,000 events (no spread of them into one call) and starts the next poll at the newest less the overlap', async () => {
    const total = 130_000;
    const events = Array.from({ length: total }, (_, i) => ({
      eventId: `e${i}`,
      logStreamName: 'app/2026-12-06',
      timestamp: 1_000 + i,
      message: `{"timestamp":"2026-12-06T00:00:00.000Z","level":"info","message":"m${i}","trace_id":"t"}`,
    }));
    const controller = new AbortController();
    const starts: number[] = [];
    const client = {
      send: async (command: FilterLogEventsCommand) => {
        starts.push(command.input.startTime ?? -1);
        if (starts.length === 1) return { events };
        // The second poll: the user stops following.
        controller.abort();
        return { events: [] };
      },
    } as unknown as CloudWatchLogsClient;
    const { out, lines } = lineCounter();
    await runTail({ group: 'g', startTime: 0, follow: true, interval: 1, json: true }, client, out, controller.signal);
    expect(lines()).toBe(total);
    expect(starts).toEqual([0, 1_000 + total - 1 - DEFAULT_OVERLAP_MS]);
  });
});
