package io.reel.origin.keys;

import io.reel.domain.media.ResolutionTier;

/** A content key and the resolution tier it encrypts. */
public record TierKey(ResolutionTier tier, ContentKey key) {}
