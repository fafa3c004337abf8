package io.reel.origin;

import java.time.Instant;

public record ObjectInfo(String key, long sizeBytes, Instant modifiedAt) {}
