package io.reel.domain.media;

import java.time.Instant;
import java.util.List;

/**
 * A complete, protected CMAF package in the origin store: every file lives under {@code location}
 * (an object-key prefix written aside and never changed afterwards), so switching a title to a new
 * package is just this value changing in one event.
 *
 * @param keyId the content key id (32 hex digits); the key itself lives only in the key store
 */
public record MediaPackage(
    int sourceVersion,
    String location,
    double durationSeconds,
    List<Rendition> renditions,
    String keyId,
    String hlsManifest,
    String dashManifest,
    String poster,
    String thumbnails,
    Instant packagedAt) {

  public MediaPackage {
    renditions = List.copyOf(renditions);
  }
}
