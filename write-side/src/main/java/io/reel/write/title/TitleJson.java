package io.reel.write.title;

import io.reel.domain.media.MediaJob;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.media.TitleMedia;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.Title;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import io.reel.domain.title.TitleState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The admin API's JSON shapes, kept apart from the domain so either can change. */
public final class TitleJson {

  private TitleJson() {}

  /** Body of create and update. Boxed year so a missing one is told apart from 0. */
  public record TitleRequest(
      String title,
      Integer year,
      String synopsis,
      List<String> cast,
      List<String> genres,
      String maturityRating) {

    /** Violations of the request itself; {@link TitleMetadata#violations()} adds the rules. */
    public List<String> violations() {
      List<String> v = new ArrayList<>();
      if (year == null) {
        v.add("year is required");
      }
      if (maturityRating != null && MaturityRating.parse(maturityRating).isEmpty()) {
        v.add(
            "maturityRating must be one of "
                + java.util.Arrays.stream(MaturityRating.values())
                    .map(MaturityRating::label)
                    .toList());
      }
      if (v.isEmpty()) {
        v.addAll(toMetadata().violations());
      }
      return v;
    }

    public TitleMetadata toMetadata() {
      return new TitleMetadata(
          title,
          year == null ? 0 : year,
          synopsis,
          cast,
          genres,
          maturityRating == null ? null : MaturityRating.parse(maturityRating).orElse(null));
    }
  }

  /**
   * A title's media as operators see it: {@code status} is none, uploaded, probing, transcoding,
   * packaged, failed or cancelled (of the latest source); {@code percent} is the transcode's
   * progress (100 once packaged); {@code current} is what plays now.
   */
  public record MediaView(
      String status, boolean playable, double percent, MediaPackage current, JobView job) {

    static MediaView of(TitleMedia media) {
      MediaJob j = media.job();
      JobView job =
          j == null
              ? null
              : new JobView(
                  j.version(),
                  j.phase().label(),
                  j.attempt(),
                  j.source().sha256(),
                  j.source().sizeBytes(),
                  j.source().fileName(),
                  j.durationSeconds(),
                  j.ladder(),
                  j.percent(),
                  j.etaSeconds(),
                  j.failure(),
                  j.stderrKey(),
                  j.updatedAt());
      double percent = j != null ? j.percent() : media.current() != null ? 100.0 : 0.0;
      return new MediaView(media.status(), media.playable(), percent, media.current(), job);
    }
  }

  public record JobView(
      int sourceVersion,
      String phase,
      int attempt,
      String sha256,
      long sizeBytes,
      String fileName,
      double durationSeconds,
      List<Rendition> ladder,
      double percent,
      Long etaSeconds,
      String failure,
      String stderrKey,
      Instant updatedAt) {}

  public record TitleResponse(
      TitleId id,
      String status,
      String title,
      int year,
      String synopsis,
      List<String> cast,
      List<String> genres,
      MaturityRating maturityRating,
      Instant createdAt,
      Instant updatedAt,
      Instant publishedAt,
      MediaView media) {

    public static TitleResponse of(TitleState state) {
      TitleMetadata m = Title.metadataOf(state);
      if (state instanceof TitleState.Draft d) {
        return of(d.titleId(), "draft", m, d.createdAt(), d.updatedAt(), null, d.media());
      }
      if (state instanceof TitleState.Live l) {
        return of(
            l.titleId(), "published", m, l.createdAt(), l.updatedAt(), l.publishedAt(), l.media());
      }
      if (state instanceof TitleState.Retired r) {
        return of(r.titleId(), "retired", m, r.createdAt(), r.retiredAt(), null, TitleMedia.NONE);
      }
      throw new IllegalArgumentException("no title in state " + state);
    }

    private static TitleResponse of(
        TitleId id,
        String status,
        TitleMetadata m,
        Instant created,
        Instant updated,
        Instant pub,
        TitleMedia media) {
      return new TitleResponse(
          id,
          status,
          m.title(),
          m.year(),
          m.synopsis(),
          m.cast(),
          m.genres(),
          m.maturityRating(),
          created,
          updated,
          pub,
          MediaView.of(media));
    }
  }
}
