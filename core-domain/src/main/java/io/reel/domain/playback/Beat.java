package io.reel.domain.playback;

import java.time.Instant;

/** The latest heartbeat of a session, kept in memory by the entity between saved positions. */
public record Beat(double positionSeconds, Instant at) {}
