import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseThumbnails, cueAt } from '../../main/web/js/trickplay.js';

// As the packager writes it (transcoding-pipeline's Trickplay): a 2x2 grid, 4 s apart.
const VTT = `WEBVTT

00:00:00.000 --> 00:00:04.000
thumbs/sprite-001.jpg#xywh=0,0,160,90

00:00:04.000 --> 00:00:08.000
thumbs/sprite-001.jpg#xywh=160,0,160,90

00:00:08.000 --> 00:00:12.000
thumbs/sprite-001.jpg#xywh=0,90,160,90

01:00:08.000 --> 01:00:12.500
thumbs/sprite-002.jpg#xywh=0,0,160,90
`;
const BASE = 'https://edge.example:8444/edge/TOKEN/packages/1/v1-a1/thumbs.vtt';

test('cues map times to sprite cells, resolved beside the VTT (same token prefix)', () => {
  const cues = parseThumbnails(VTT, BASE);
  assert.equal(cues.length, 4);
  assert.deepEqual(cues[1], {
    start: 4, end: 8, url: 'https://edge.example:8444/edge/TOKEN/packages/1/v1-a1/thumbs/sprite-001.jpg',
    x: 160, y: 0, w: 160, h: 90,
  });
  assert.equal(cues[3].start, 3608);
  assert.equal(cues[3].end, 3612.5);
});

test('the cue at a time, the last one past the end, none before any', () => {
  const cues = parseThumbnails(VTT, BASE);
  assert.equal(cueAt(cues, 0).x, 0);
  assert.equal(cueAt(cues, 5.5).x, 160);
  assert.equal(cueAt(cues, 8).y, 90);
  assert.equal(cueAt(cues, 99999).url.endsWith('sprite-002.jpg'), true);
  assert.equal(cueAt(cues, 20), null);
  assert.equal(cueAt([], 3), null);
});

test('CRLF, cue ids and junk are tolerated; non-sprite cues are skipped', () => {
  const text = 'WEBVTT\r\n\r\n1\r\n00:00.000 --> 00:02.000\r\nthumbs/a.jpg#xywh=0,0,10,10\r\n\r\n'
    + '00:02.000 --> 00:04.000\r\nplain caption text\r\n\r\n00:04.000 --> 00:03.000\r\nthumbs/a.jpg#xywh=0,0,10,10\r\n\r\n'
    + '00:06.000 --> 00:08.000\r\nthumbs/a.jpg#xywh=1,2,x,4\r\n';
  const cues = parseThumbnails(text, BASE);
  assert.equal(cues.length, 1);
  assert.equal(cues[0].end, 2);
});
