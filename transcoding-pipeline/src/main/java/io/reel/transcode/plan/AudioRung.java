package io.reel.transcode.plan;

/** The single AAC rendition every video rung shares. */
public record AudioRung(int id, int bitrateKbps, int channels, int sampleRate) {}
