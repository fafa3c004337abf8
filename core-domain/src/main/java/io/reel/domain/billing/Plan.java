package io.reel.domain.billing;

import io.reel.domain.CborSerializable;

/**
 * A subscription plan. Prices are in minor units (cents) of an ISO 4217 currency, never floating
 * point. {@code maxHeight} is the highest rendition (in lines) the plan may stream.
 */
public record Plan(
    String id, String name, long monthlyPriceMinor, String currency, int maxStreams, int maxHeight)
    implements CborSerializable {}
