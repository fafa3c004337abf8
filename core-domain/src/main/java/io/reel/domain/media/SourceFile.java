package io.reel.domain.media;

import java.time.Instant;

/**
 * A source video as stored in the origin store. {@code version} counts the title's uploads from 1;
 * together with the title id it is the idempotency key of the transcode job.
 */
public record SourceFile(
    int version,
    String objectKey,
    String sha256,
    long sizeBytes,
    String fileName,
    Instant uploadedAt) {}
