package io.reel.domain;

/**
 * Marker for every message and event that crosses the wire or lands in the journal. Bound once to
 * Pekko's jackson-cbor serializer in {@code serialization.conf}.
 */
public interface CborSerializable {}
