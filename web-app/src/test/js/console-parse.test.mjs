// The operator console's pure helpers, with Node's test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SseParser, LineSplitter, backoffMs, violationsByField, formatBytes, formatEta, splitList,
  sourceName, jwtClaims,
} from '../../main/web/js/pages/console-parse.js';

test('server-sent events split anywhere, CRLF too, with heartbeats and comments', () => {
  const seen = [];
  const p = new SseParser((e) => seen.push(e));
  const text = ': hello\r\nevent: title\r\ndata: {"a":\r\ndata: 1}\r\n\r\n\n:\n\nevent: title\ndata: {"b":2}\n\n';
  for (const ch of text) {
    p.push(ch);
  }
  assert.deepEqual(seen, [
    { type: 'title', data: '{"a":\n1}', id: null },
    { type: 'title', data: '{"b":2}', id: null },
  ]);
  assert.ok(p.heartbeats >= 3);
});

test('an event without a type is a message; id and retry are kept', () => {
  const seen = [];
  const p = new SseParser((e) => seen.push(e));
  p.push('id: 7\nretry: 3000\ndata:x\n\n');
  assert.deepEqual(seen, [{ type: 'message', data: 'x', id: '7' }]);
  assert.equal(p.retry, 3000);
});

test('an unfinished event is not dispatched', () => {
  const seen = [];
  const p = new SseParser((e) => seen.push(e));
  p.push('event: title\ndata: {}\n');
  assert.equal(seen.length, 0);
  p.push('\n');
  assert.equal(seen.length, 1);
});

test('NDJSON lines split across chunks', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('{"a":1}\n{"b"'), ['{"a":1}']);
  assert.deepEqual(s.push(':2}\r\n\n{"c":3}'), ['{"b":2}']);
  assert.deepEqual(s.end(), ['{"c":3}']);
});

test('backoff doubles from 1 s to 30 s', () => {
  const mid = () => 0.5;
  assert.equal(backoffMs(0, mid), 1000);
  assert.equal(backoffMs(3, mid), 8000);
  assert.equal(backoffMs(20, mid), 30000);
});

test('violations go next to their fields', () => {
  const v = violationsByField(['year is required', 'a cast name or genre is longer than 200 characters', 'something else']);
  assert.deepEqual(v.year, ['year is required']);
  assert.equal(v.cast.length, 1);
  assert.equal(v.genres.length, 1);
  assert.deepEqual(v.form, ['something else']);
});

test('sizes, ETAs, lists, source names, claims', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatEta(null), null);
  assert.equal(formatEta(42), 'about 42 s');
  assert.equal(formatEta(200), 'about 3 min 20 s');
  assert.deepEqual(splitList(' A. Actor, B. Actor\nC '), ['A. Actor', 'B. Actor', 'C']);
  assert.equal(sourceName('Wikipedia Movies.jsonl.gz'), 'wikipedia-movies');
  assert.equal(sourceName('__.jsonl'), 'import');
  const payload = Buffer.from(JSON.stringify({ roles: ['operator'], sub: 'x' })).toString('base64url');
  assert.deepEqual(jwtClaims('h.' + payload + '.s').roles, ['operator']);
  assert.deepEqual(jwtClaims('nonsense'), {});
});
