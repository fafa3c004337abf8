/** Ingest, probe, ladder planning, one-pass transcode, CMAF packaging and CENC protection. */
package io.reel.transcode;
