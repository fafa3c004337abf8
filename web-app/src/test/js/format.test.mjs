// The app's pure helpers, with Node's test runner (run by the Maven build in the test phase).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTime, highlightParts, deviceLine, hue, formatWhen } from '../../main/web/js/format.js';

test('times read as m:ss, and h:mm:ss from an hour', () => {
  assert.equal(formatTime(0), '0:00');
  assert.equal(formatTime(61.9), '1:01');
  assert.equal(formatTime(3600 + 5 * 60 + 7), '1:05:07');
  assert.equal(formatTime(-3), '0:00');
  assert.equal(formatTime(undefined), '0:00');
});

test('highlights become text and bold parts, never markup', () => {
  assert.deepEqual(highlightParts('Tom <b>Hanks</b> &amp; friends'), [
    { text: 'Tom ', bold: false },
    { text: 'Hanks', bold: true },
    { text: ' & friends', bold: false },
  ]);
  // Escaped markup in the text stays text (it is rendered as a text node, not parsed).
  const parts = highlightParts('&lt;img src=x onerror=alert(1)&gt; <b>Cast</b>');
  assert.equal(parts[0].text, '<img src=x onerror=alert(1)> ');
  assert.equal(parts[0].bold, false);
  assert.deepEqual(parts[1], { text: 'Cast', bold: true });
  // Markup other than <b> is text too.
  assert.deepEqual(highlightParts('<i>x</i>'), [{ text: '<i>x</i>', bold: false }]);
});

test("the 409 answer's devices read as a name and a time", () => {
  assert.equal(
    deviceLine('Living room TV (device web-1f2e, since 2026-12-07T14:50:06.577126217Z)', 'en-GB', 'UTC'),
    'Living room TV, playing since 14:50',
  );
  assert.equal(deviceLine('something else'), 'something else');
});

test('a title keeps its poster colour', () => {
  assert.equal(hue('123435013862936576'), hue('123435013862936576'));
  assert.ok(hue('1') >= 0 && hue('1') < 360);
});

test('a last-active moment reads as a time today and a date before', () => {
  const now = new Date('2026-12-07T18:30:00Z');
  assert.equal(formatWhen('2026-12-07T14:50:06.5Z', now, 'en-GB', 'UTC'), 'today 14:50');
  assert.equal(formatWhen('2026-12-06T23:59:00Z', now, 'en-GB', 'UTC'), '6 Dec 2026');
  assert.equal(formatWhen(null, now), '');
  assert.equal(formatWhen('not a date', now), '');
});
