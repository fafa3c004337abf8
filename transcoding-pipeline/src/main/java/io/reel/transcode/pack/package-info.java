/**
 * Post-processing of the dash muxer's output into a protected VOD package: W3C common {@code pssh}
 * in the init segments, ClearKey signalling in the HLS playlists and the MPD, VOD tidying.
 */
package io.reel.transcode.pack;
