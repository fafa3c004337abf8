package io.reel.domain.title;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.Decision;
import io.reel.domain.media.JobPhase;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.media.SourceFile;
import io.reel.domain.media.TitleMedia;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The media lifecycle of a title, given events / when command / expect events. */
class TitleMediaTest {

  private static final TitleId ID = new TitleId(7);
  private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-12-01T11:00:00Z");
  private static final TitleMetadata META =
      new TitleMetadata("Clip", 2026, "", List.of(), List.of("Short"), MaturityRating.G);
  private static final List<Rendition> LADDER =
      List.of(Rendition.video("0", 640, 360, 30, 800, "avc1.64001e"));

  private static final TitleEvent CREATED = new TitleEvent.Created(ID, META, null, T1);

  private static SourceFile source(int v) {
    return new SourceFile(v, "sources/7/" + v, "ab", 10, "clip.mp4", T1);
  }

  private static MediaPackage pkg(int v) {
    return new MediaPackage(
        v, "packages/7/v" + v, 2.0, LADDER, "00", "master.m3u8", "manifest.mpd", "p", "t", T1);
  }

  private static List<TitleEvent> given(TitleEvent... events) {
    List<TitleEvent> all = new ArrayList<>();
    all.add(CREATED);
    all.addAll(List.of(events));
    return all;
  }

  private static List<TitleEvent> when(List<TitleEvent> given, TitleCommand command) {
    Decision<TitleEvent> d = Title.decide(ID, Title.replay(given), command, T2);
    assertInstanceOf(Decision.Accepted.class, d, () -> "rejected: " + d);
    return ((Decision.Accepted<TitleEvent>) d).events();
  }

  private static TitleMedia media(List<TitleEvent> events) {
    return Title.mediaOf(Title.replay(events));
  }

  private static final TitleEvent UPLOADED_1 = new TitleEvent.SourceUploaded(ID, source(1), T1);
  private static final TitleEvent STARTED_1 = new TitleEvent.TranscodeStarted(ID, 1, 1, "n1", T1);
  private static final TitleEvent PROBED_1 = new TitleEvent.SourceProbed(ID, 1, 2.0, LADDER, T1);

  @Test
  void attachingNumbersVersionsFromOne() {
    List<TitleEvent> first =
        when(given(), new TitleCommand.AttachSource("sources/7/a", "ab", 10, "a.mp4"));
    assertEquals(
        1, assertInstanceOf(TitleEvent.SourceUploaded.class, first.get(0)).source().version());
    List<TitleEvent> second =
        when(
            given(UPLOADED_1, STARTED_1),
            new TitleCommand.AttachSource("sources/7/b", "cd", 10, "b.mp4"));
    assertEquals(
        2, assertInstanceOf(TitleEvent.SourceUploaded.class, second.get(0)).source().version());
  }

  @Test
  void attachingToAMissingOrEmptySourceIsRejected() {
    Decision<TitleEvent> missing =
        Title.decide(ID, TitleState.EMPTY, new TitleCommand.AttachSource("k", "ab", 1, "a"), T2);
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        assertInstanceOf(Decision.Rejected.class, missing).rejection().kind());
    Decision<TitleEvent> empty =
        Title.decide(
            ID, Title.replay(given()), new TitleCommand.AttachSource("k", "ab", 0, "a"), T2);
    assertEquals(
        Rejection.Kind.INVALID,
        assertInstanceOf(Decision.Rejected.class, empty).rejection().kind());
  }

  @Test
  void lifecycleRunsUploadedProbingTranscodingPackaged() {
    List<TitleEvent> events = given(UPLOADED_1);
    assertEquals("uploaded", media(events).status());
    events.addAll(when(events, new TitleCommand.StartTranscode(1, "n1")));
    assertEquals("probing", media(events).status());
    events.addAll(when(events, new TitleCommand.RecordProbe(1, 1, 2.0, LADDER)));
    assertEquals("transcoding", media(events).status());
    events.addAll(when(events, new TitleCommand.RecordProgress(1, 1, 40.0, 3L)));
    assertEquals(40.0, media(events).job().percent());
    assertEquals(3L, media(events).job().etaSeconds());
    events.addAll(when(events, new TitleCommand.CompletePackage(pkg(1), 1)));
    TitleMedia done = media(events);
    assertEquals("packaged", done.status());
    assertTrue(done.playable());
    assertNull(done.job());
    assertEquals(pkg(1), done.current());
  }

  @Test
  void progressNeverGoesBackwardsAndIsCapped() {
    List<TitleEvent> events =
        given(
            UPLOADED_1, STARTED_1, PROBED_1, new TitleEvent.TranscodeProgressed(ID, 1, 50, 1L, T1));
    assertEquals(List.of(), when(events, new TitleCommand.RecordProgress(1, 1, 30, 1L)));
    TitleEvent capped = when(events, new TitleCommand.RecordProgress(1, 1, 250, 0L)).get(0);
    assertEquals(100.0, assertInstanceOf(TitleEvent.TranscodeProgressed.class, capped).percent());
  }

  @Test
  void redeliveredAndStaleWorkerCommandsChangeNothing() {
    List<TitleEvent> packaged =
        given(UPLOADED_1, STARTED_1, PROBED_1, new TitleEvent.MediaPackaged(ID, pkg(1), T1));
    assertEquals(List.of(), when(packaged, new TitleCommand.StartTranscode(1, "n2")));
    assertEquals(List.of(), when(packaged, new TitleCommand.CompletePackage(pkg(1), 1)));
    assertEquals(List.of(), when(packaged, new TitleCommand.FailTranscode(1, 1, "late", null)));
    // A worker on version 1 after version 2 was uploaded is stale too.
    List<TitleEvent> replaced =
        given(UPLOADED_1, STARTED_1, new TitleEvent.SourceUploaded(ID, source(2), T1));
    assertEquals(List.of(), when(replaced, new TitleCommand.RecordProgress(1, 1, 10, null)));
    assertEquals(List.of(), when(replaced, new TitleCommand.CompletePackage(pkg(1), 1)));
  }

  @Test
  void aWorkerThatLostItsJobToANewerAttemptChangesNothing() {
    List<TitleEvent> events =
        given(UPLOADED_1, STARTED_1, PROBED_1, new TitleEvent.TranscodeStarted(ID, 1, 2, "n2", T1));
    assertEquals(List.of(), when(events, new TitleCommand.RecordProgress(1, 1, 50, 1L)));
    assertEquals(List.of(), when(events, new TitleCommand.FailTranscode(1, 1, "killed", null)));
    assertEquals(List.of(), when(events, new TitleCommand.CompletePackage(pkg(1), 1)));
    assertEquals(1, when(events, new TitleCommand.CompletePackage(pkg(1), 2)).size());
  }

  @Test
  void aRestartedJobCountsAttemptsAndGivesUpAfterTheLimit() {
    List<TitleEvent> events = given(UPLOADED_1, STARTED_1);
    TitleEvent again = when(events, new TitleCommand.StartTranscode(1, "n2")).get(0);
    assertEquals(2, assertInstanceOf(TitleEvent.TranscodeStarted.class, again).attempt());
    events.add(again);
    events.add(new TitleEvent.TranscodeStarted(ID, 1, 3, "n3", T1));
    TitleEvent gaveUp = when(events, new TitleCommand.StartTranscode(1, "n4")).get(0);
    assertTrue(
        assertInstanceOf(TitleEvent.TranscodeFailed.class, gaveUp).reason().contains("3 attempts"));
  }

  @Test
  void aReplacementKeepsTheCurrentPackagePlayableUntilItsOwnIsDone() {
    List<TitleEvent> events =
        given(
            UPLOADED_1,
            STARTED_1,
            PROBED_1,
            new TitleEvent.MediaPackaged(ID, pkg(1), T1),
            new TitleEvent.SourceUploaded(ID, source(2), T1),
            new TitleEvent.TranscodeStarted(ID, 2, 1, "n1", T1));
    TitleMedia during = media(events);
    assertEquals("probing", during.status());
    assertEquals(pkg(1), during.current());
    events.addAll(when(events, new TitleCommand.FailTranscode(2, 1, "corrupt", "logs/x")));
    TitleMedia failed = media(events);
    assertEquals(JobPhase.FAILED, failed.job().phase());
    assertEquals("corrupt", failed.job().failure());
    assertEquals(pkg(1), failed.current());
    assertTrue(failed.playable());
    // A failed job is never started again by a redelivered upload event.
    assertEquals(List.of(), when(events, new TitleCommand.StartTranscode(2, "n1")));
  }

  @Test
  void cancelStopsOnlyAnActiveJob() {
    List<TitleEvent> events = given(UPLOADED_1, STARTED_1);
    List<TitleEvent> cancelled = when(events, new TitleCommand.CancelTranscode());
    assertEquals(List.of(new TitleEvent.TranscodeCancelled(ID, 1, T2)), cancelled);
    events.addAll(cancelled);
    assertEquals("cancelled", media(events).status());
    assertEquals(List.of(), when(events, new TitleCommand.CancelTranscode()));
    assertEquals(List.of(), when(events, new TitleCommand.RecordProbe(1, 1, 2.0, LADDER)));
  }

  @Test
  void mediaSurvivesPublishUnpublishAndMetadataUpdates() {
    List<TitleEvent> events =
        given(
            UPLOADED_1,
            new TitleEvent.Published(ID, META, T1),
            new TitleEvent.MetadataUpdated(ID, META, T1),
            new TitleEvent.Unpublished(ID, T1));
    TitleMedia m = media(events);
    assertEquals(1, m.job().version());
    assertSame(JobPhase.UPLOADED, m.job().phase());
  }
}
