package io.reel.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountEvent;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.account.Profile;
import io.reel.domain.billing.Entitlement;
import io.reel.domain.billing.InvoiceLine;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.domain.billing.SubscriptionState;
import io.reel.domain.billing.SubscriptionTags;
import io.reel.domain.media.JobPhase;
import io.reel.domain.media.MediaJob;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.playback.Playback;
import io.reel.domain.playback.PlaybackCommand;
import io.reel.domain.playback.PlaybackEvent;
import io.reel.domain.playback.PlaybackState;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import io.reel.domain.title.TitleState;
import io.reel.domain.title.TitleTags;
import io.reel.write.account.AccountEntity;
import io.reel.write.account.AccountReply;
import io.reel.write.billing.SubscriptionEntity;
import io.reel.write.billing.SubscriptionReply;
import io.reel.write.playback.PlaybackEntity;
import io.reel.write.playback.PlaybackReply;
import io.reel.write.playback.PlaybackSettings;
import io.reel.write.title.TitleEntity;
import io.reel.write.title.TitleReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.ReadEvents;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stored data stays valid: the journal and snapshots that release 0.1 wrote (commit 5a50fd6; see
 * {@code src/test/resources/journal/README.md}) must decode with today's classes, using the
 * serializer id and manifest stored with each row as the Cassandra plugin does on recovery. The
 * entities must then recover the state that history built. Renaming or moving an event, state or
 * snapshot class, or changing a stored field's type, fails this test. Never regenerate the fixture
 * to make it pass: write a Jackson migration.
 */
class StoredJournalCompatibilityTest {

  private static final String FIXTURE = "/journal/reel-0.1-journal.jsonl";

  private static final TitleId FILM = TitleId.of("1874563209817604096");
  private static final TitleId IMPORTED = TitleId.of("1874563209817604097");
  private static final AccountId ACCOUNT = AccountId.of("1874563211032514560");
  private static final AccountId CLOSED = AccountId.of("1874563211032514561");

  /** The entities' clock: just after the last stored event. */
  private static final Instant LATER = Instant.parse("2026-11-21T22:00:30Z");

  /** Every event type of release 0.1: the fixture uses each one. */
  private static final List<Class<?>> RELEASED_EVENT_TYPES =
      List.of(
          TitleEvent.Created.class,
          TitleEvent.MetadataUpdated.class,
          TitleEvent.Published.class,
          TitleEvent.Unpublished.class,
          TitleEvent.Retired.class,
          TitleEvent.SourceUploaded.class,
          TitleEvent.TranscodeStarted.class,
          TitleEvent.SourceProbed.class,
          TitleEvent.TranscodeProgressed.class,
          TitleEvent.MediaPackaged.class,
          TitleEvent.TranscodeFailed.class,
          TitleEvent.TranscodeCancelled.class,
          AccountEvent.SignedUp.class,
          AccountEvent.VerificationIssued.class,
          AccountEvent.EmailVerified.class,
          AccountEvent.PasswordChanged.class,
          AccountEvent.PasswordResetRequested.class,
          AccountEvent.PasswordReset.class,
          AccountEvent.ProfileAdded.class,
          AccountEvent.ProfileUpdated.class,
          AccountEvent.ProfileRemoved.class,
          AccountEvent.AccountClosed.class,
          SubscriptionEvent.Started.class,
          SubscriptionEvent.PlanChangeScheduled.class,
          SubscriptionEvent.CancelRequested.class,
          SubscriptionEvent.CancelWithdrawn.class,
          SubscriptionEvent.InvoiceIssued.class,
          SubscriptionEvent.InvoicePaid.class,
          SubscriptionEvent.InvoiceFailed.class,
          SubscriptionEvent.Expired.class,
          PlaybackEvent.SessionStarted.class,
          PlaybackEvent.PositionSaved.class,
          PlaybackEvent.SessionEnded.class,
          PlaybackEvent.LicenceGranted.class,
          PlaybackEvent.QoeReported.class);

  /** The state types the fixture's snapshots hold. */
  private static final List<Class<?>> SNAPSHOT_TYPES =
      List.of(
          TitleState.Draft.class,
          TitleState.Live.class,
          AccountState.Active.class,
          SubscriptionState.Active.class,
          SubscriptionState.Trial.class,
          PlaybackState.class);

  /** One row of the journal or snapshot store, as stored. */
  private record StoredRow(
      String kind,
      String persistenceId,
      long sequenceNr,
      int serializerId,
      String manifest,
      byte[] payload) {

    boolean isEvent() {
      return kind.equals("event");
    }
  }

  private static ActorTestKit testKit;
  private static Serialization serialization;
  private static List<StoredRow> rows;
  private static PersistenceTestKit journal;
  private static SnapshotTestKit snapshots;

  @BeforeAll
  static void start() throws IOException {
    testKit = EntityTestKits.create("StoredJournalCompatibilityTest");
    serialization = SerializationExtension.get(testKit.system().classicSystem());
    journal = PersistenceTestKit.create(testKit.system());
    snapshots = SnapshotTestKit.create(testKit.system());
    rows = readFixture();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clearStores() {
    journal.resetPolicy();
    journal.clearAll();
    snapshots.clearAll();
  }

  private static List<StoredRow> readFixture() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<StoredRow> out = new ArrayList<>();
    try (InputStream in = StoredJournalCompatibilityTest.class.getResourceAsStream(FIXTURE)) {
      assertNotNull(in, FIXTURE + " is missing");
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode row = json.readTree(line);
        out.add(
            new StoredRow(
                row.get("kind").asText(),
                row.get("persistenceId").asText(),
                row.get("sequenceNr").asLong(),
                row.get("serializerId").asInt(),
                row.get("manifest").asText(),
                Base64.getDecoder().decode(row.get("payload").asText())));
      }
    }
    return out;
  }

  /** Exactly what the Cassandra journal does with a stored row on recovery. */
  private static Object decode(StoredRow row) {
    return serialization.deserialize(row.payload(), row.serializerId(), row.manifest()).get();
  }

  /** The decoded events per persistence id, in sequence-number order (checked contiguous). */
  private static Map<String, List<Object>> storedEvents() {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (StoredRow row : rows) {
      if (row.isEvent()) {
        List<Object> events = out.computeIfAbsent(row.persistenceId(), k -> new ArrayList<>());
        assertEquals(
            events.size() + 1, row.sequenceNr(), "fixture order of " + row.persistenceId());
        events.add(decode(row));
      }
    }
    return out;
  }

  private static List<Object> storedEventsOfType(Class<?> type) {
    return storedEvents().values().stream().flatMap(List::stream).filter(type::isInstance).toList();
  }

  private static <T> T onlyStored(Class<T> type, String persistenceId) {
    List<Object> matches =
        storedEvents().get(persistenceId).stream().filter(type::isInstance).toList();
    assertEquals(1, matches.size(), type + " in " + persistenceId);
    return type.cast(matches.get(0));
  }

  @Test
  void everyStoredRowDecodesToTheClassItsManifestNames() {
    assertEquals(62, rows.stream().filter(StoredRow::isEvent).count());
    assertEquals(7, rows.stream().filter(r -> !r.isEvent()).count());
    for (StoredRow row : rows) {
      Object decoded = decode(row);
      String where = row.persistenceId() + " #" + row.sequenceNr();
      // The manifest is the class name: a renamed or moved class no longer matches it.
      assertEquals(row.manifest(), decoded.getClass().getName(), where);
      // Today's code would store the same serializer id and manifest for this value.
      Serializer serializer = serialization.findSerializerFor(decoded);
      assertEquals(row.serializerId(), serializer.identifier(), where);
      assertEquals(row.manifest(), Serializers.manifestFor(serializer, decoded), where);
      if (row.isEvent()) {
        assertEquals(row.persistenceId(), persistenceIdOf(decoded), where);
      }
    }
    assertEquals(
        names(RELEASED_EVENT_TYPES),
        rows.stream()
            .filter(StoredRow::isEvent)
            .map(StoredRow::manifest)
            .collect(Collectors.toSet()));
    assertEquals(
        names(SNAPSHOT_TYPES),
        rows.stream()
            .filter(r -> !r.isEvent())
            .map(StoredRow::manifest)
            .collect(Collectors.toSet()));
  }

  private static Set<String> names(List<Class<?>> types) {
    return types.stream().map(Class::getName).collect(Collectors.toSet());
  }

  /** The entity's persistence id, from the aggregate id inside the event. */
  private static String persistenceIdOf(Object event) {
    if (event instanceof TitleEvent e) {
      return TitleEntity.ENTITY_KEY.name() + "|" + e.titleId().asString();
    }
    if (event instanceof AccountEvent e) {
      return AccountEntity.ENTITY_KEY.name() + "|" + e.accountId().asString();
    }
    if (event instanceof SubscriptionEvent e) {
      return SubscriptionEntity.ENTITY_KEY.name() + "|" + e.accountId();
    }
    if (event instanceof PlaybackEvent e) {
      return PlaybackEntity.ENTITY_KEY.name() + "|" + e.accountId();
    }
    throw new AssertionError("not an event of a known aggregate: " + event);
  }

  @Test
  void decodedEventsKeepTheFactsTheStateDoesNotHold() {
    String film = "Title|" + FILM;
    TitleEvent.TranscodeFailed failed = onlyStored(TitleEvent.TranscodeFailed.class, film);
    assertEquals(1, failed.sourceVersion());
    assertEquals("ffmpeg exited with 1: Invalid data found when processing input", failed.reason());
    assertEquals("logs/" + FILM + "/v1-a1.log", failed.stderrKey());

    List<TitleEvent.TranscodeProgressed> progress =
        storedEventsOfType(TitleEvent.TranscodeProgressed.class).stream()
            .map(TitleEvent.TranscodeProgressed.class::cast)
            .toList();
    assertEquals(List.of(0.8, 37.5, 100.0), progress.stream().map(p -> p.percent()).toList());
    assertNull(progress.get(0).etaSeconds());
    assertEquals(Long.valueOf(1450), progress.get(1).etaSeconds());

    TitleEvent.SourceProbed probed = onlyStored(TitleEvent.SourceProbed.class, film);
    assertEquals(2, probed.sourceVersion());
    assertEquals(5640.48, probed.durationSeconds());
    assertEquals(
        List.of(360, 720, 1080, 0), probed.ladder().stream().map(Rendition::height).toList());

    TitleEvent.Created imported =
        storedEvents().get("Title|" + IMPORTED).stream()
            .filter(TitleEvent.Created.class::isInstance)
            .map(TitleEvent.Created.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals("Nosferatu\u001f1922\u001fNosferatu", imported.importKey());
    assertEquals(MaturityRating.NR, imported.metadata().maturityRating());

    String account = "Account|" + ACCOUNT;
    assertEquals("guest", onlyStored(AccountEvent.ProfileRemoved.class, account).profileId());
    AccountEvent.VerificationIssued issued =
        onlyStored(AccountEvent.VerificationIssued.class, account);
    assertEquals(Instant.parse("2026-11-06T18:12:00Z"), issued.expiresAt());
    assertEquals(64, issued.tokenHash().length());

    String subscription = "Subscription|" + ACCOUNT;
    SubscriptionEvent.PlanChangeScheduled change =
        onlyStored(SubscriptionEvent.PlanChangeScheduled.class, subscription);
    assertEquals("standard", change.fromPlanId());
    assertEquals("premium", change.toPlanId());
    assertEquals(Instant.parse("2026-11-19T18:20:00Z"), change.effectiveAt());
    SubscriptionEvent.InvoiceFailed declined =
        onlyStored(SubscriptionEvent.InvoiceFailed.class, subscription);
    assertEquals("declined: insufficient_funds", declined.reason());
    assertEquals(1, declined.attempt());
    assertEquals(Instant.parse("2026-11-20T18:20:30Z"), declined.nextRetryAt());
    assertEquals(
        "cancelled",
        onlyStored(SubscriptionEvent.Expired.class, "Subscription|" + CLOSED).reason());

    String playback = "Playback|" + ACCOUNT;
    assertEquals(
        List.of(
            PlaybackEvent.EndReason.STOPPED,
            PlaybackEvent.EndReason.REPLACED,
            PlaybackEvent.EndReason.EXPIRED),
        storedEventsOfType(PlaybackEvent.SessionEnded.class).stream()
            .map(e -> ((PlaybackEvent.SessionEnded) e).reason())
            .toList());
    assertEquals(
        List.of("7d3e1f0a9b8c4d2e6f5a4b3c2d1e0f9a"),
        onlyStored(PlaybackEvent.LicenceGranted.class, playback).keyIds());
    List<PlaybackEvent.QoeReported> qoe =
        storedEventsOfType(PlaybackEvent.QoeReported.class).stream()
            .map(PlaybackEvent.QoeReported.class::cast)
            .toList();
    assertEquals(
        List.of("startup", "rebuffer", "bitrate-switch"),
        qoe.stream().map(q -> q.qoe().kind()).toList());
    assertEquals(1180, qoe.get(0).qoe().millis());
    assertEquals(720, qoe.get(2).qoe().height());
  }

  @Test
  void entitiesRecoverFromTheStoredEvents() {
    storedEvents().forEach(journal::persistForRecovery);
    assertRecoveredStates();
  }

  @Test
  void entitiesRecoverFromTheStoredSnapshotsAndTheEventsAfterThem() {
    Map<String, List<Object>> events = storedEvents();
    events.forEach(journal::persistForRecovery);
    Map<String, Long> snapshotAt = new LinkedHashMap<>();
    for (StoredRow row : rows) {
      if (!row.isEvent()) {
        Object state = decode(row);
        snapshots.persistForRecovery(
            row.persistenceId(),
            List.of(Pair.create(SnapshotMeta.create(row.sequenceNr()), state)));
        snapshotAt.put(row.persistenceId(), row.sequenceNr());
      }
    }
    assertEquals(events.keySet(), snapshotAt.keySet());
    Map<String, List<Object>> replayed = new ConcurrentHashMap<>();
    journal.withPolicy(
        (persistenceId, operation) -> {
          if (operation instanceof ReadEvents read) {
            replayed
                .computeIfAbsent(persistenceId, k -> new CopyOnWriteArrayList<>())
                .addAll(read.getBatch().stream().map(r -> ((PersistentRepr) r).payload()).toList());
          }
          return ProcessingSuccess.getInstance();
        });

    assertRecoveredStates();

    // Recovery started at each snapshot: only the events after it were read from the journal.
    snapshotAt.forEach(
        (persistenceId, seqNr) -> {
          List<Object> all = events.get(persistenceId);
          assertEquals(
              all.subList(seqNr.intValue(), all.size()),
              replayed.getOrDefault(persistenceId, List.of()),
              persistenceId);
        });
  }

  @Test
  void storedSnapshotsHoldTheStateOfTheirSequenceNumber() {
    Map<String, Object> byId = new LinkedHashMap<>();
    for (StoredRow row : rows) {
      if (!row.isEvent()) {
        byId.put(row.persistenceId(), decode(row));
      }
    }
    TitleState.Draft draft = assertInstanceOf(TitleState.Draft.class, byId.get("Title|" + FILM));
    assertEquals(List.of("Drama", "Silent"), draft.metadata().genres());
    assertEquals(2, draft.media().current().sourceVersion());
    assertNull(draft.media().job());
    assertEquals("packaged", draft.media().status());
    TitleState.Live live = assertInstanceOf(TitleState.Live.class, byId.get("Title|" + IMPORTED));
    assertEquals("Nosferatu\u001f1922\u001fNosferatu", live.importKey());

    AccountState.Active account =
        assertInstanceOf(AccountState.Active.class, byId.get("Account|" + ACCOUNT));
    assertEquals(
        List.of("main", "kids", "guest"),
        account.profiles().stream().map(Profile::profileId).toList());
    AccountState.Active closing =
        assertInstanceOf(AccountState.Active.class, byId.get("Account|" + CLOSED));
    assertEquals("en", closing.profiles().get(0).language());

    SubscriptionState.Active paid =
        assertInstanceOf(SubscriptionState.Active.class, byId.get("Subscription|" + ACCOUNT));
    assertEquals(Instant.parse("2026-12-19T18:20:00Z"), paid.paidThrough());
    SubscriptionState.Trial trial =
        assertInstanceOf(SubscriptionState.Trial.class, byId.get("Subscription|" + CLOSED));
    assertEquals("basic", trial.planId());
    assertEquals(Instant.parse("2026-11-13T08:05:00Z"), trial.trialEnd());

    PlaybackState playback = assertInstanceOf(PlaybackState.class, byId.get("Playback|" + ACCOUNT));
    PlaybackState.Session open = playback.sessions().get("5d1a-s2");
    assertEquals("kids", open.profileId());
    assertEquals(45.0, open.positionSeconds());
    assertEquals(Instant.parse("2026-11-21T21:00:45Z"), open.lastSeenAt());
    assertEquals(
        1312.75,
        playback.resume().get(PlaybackState.resumeKey("main", FILM.asString())).positionSeconds());
  }

  // ---- the recovered entities ----

  private void assertRecoveredStates() {
    assertFilm();
    assertImportedTitle();
    assertAccount();
    assertClosedAccount();
    assertSubscription();
    assertExpiredSubscription();
    assertPlayback();
  }

  private void assertFilm() {
    TitleState state =
        accepted(
                TitleReply.Accepted.class,
                ask(
                    TitleEntity.create(FILM, new TitleTags(4), Clock.fixed(LATER, ZoneOffset.UTC)),
                    replyTo -> new TitleEntity.Handle(new TitleCommand.Get(), replyTo),
                    TitleReply.class))
            .state();
    TitleState.Live live = assertInstanceOf(TitleState.Live.class, state);
    assertEquals(FILM, live.titleId());
    TitleMetadata m = live.metadata();
    assertEquals("Sunrise: A Song of Two Humans", m.title());
    assertEquals(1927, m.year());
    assertTrue(m.synopsis().endsWith("Restored in 4K."), m.synopsis());
    assertEquals(List.of("George O'Brien", "Janet Gaynor", "Margaret Livingston"), m.cast());
    assertEquals(List.of("Drama", "Romance", "Silent"), m.genres());
    assertEquals(MaturityRating.PG, m.maturityRating());
    assertNull(live.importKey());
    assertEquals(Instant.parse("2026-11-02T09:00:00Z"), live.createdAt());
    assertEquals(Instant.parse("2026-11-03T09:01:40Z"), live.updatedAt());
    assertEquals(Instant.parse("2026-11-03T09:03:20Z"), live.publishedAt());

    // Playable from package v2 while the cancelled v3 job is kept for the operator.
    assertTrue(live.media().playable());
    MediaPackage current = live.media().current();
    assertEquals(2, current.sourceVersion());
    assertEquals("packages/" + FILM + "/v2-a2", current.location());
    assertEquals(5640.48, current.durationSeconds());
    assertEquals("7d3e1f0a9b8c4d2e6f5a4b3c2d1e0f9a", current.keyId());
    assertEquals("master.m3u8", current.hlsManifest());
    assertEquals("manifest.mpd", current.dashManifest());
    assertEquals(Instant.parse("2026-11-02T10:31:00Z"), current.packagedAt());
    assertEquals(
        List.of(
            Rendition.video("0", 640, 360, 24, 800, "avc1.64001e"),
            Rendition.video("1", 1280, 720, 24, 2500, "avc1.64001f"),
            Rendition.video("2", 1920, 1080, 24, 5000, "avc1.640028"),
            Rendition.audio("3", 128, "mp4a.40.2")),
        current.renditions());
    MediaJob job = live.media().job();
    assertEquals(JobPhase.CANCELLED, job.phase());
    assertEquals("cancelled", live.media().status());
    assertEquals(3, job.version());
    assertEquals(1, job.attempt());
    assertEquals("pekko://reel@10.0.4.18:7355", job.worker());
    assertEquals("sunrise-1927-director-cut.mkv", job.source().fileName());
    assertEquals(2_147_483_665L, job.source().sizeBytes());
    assertEquals(Instant.parse("2026-11-04T09:00:00Z"), job.source().uploadedAt());
    assertEquals(4, live.media().nextSourceVersion());
  }

  private void assertImportedTitle() {
    TitleState state =
        accepted(
                TitleReply.Accepted.class,
                ask(
                    TitleEntity.create(
                        IMPORTED, new TitleTags(4), Clock.fixed(LATER, ZoneOffset.UTC)),
                    replyTo -> new TitleEntity.Handle(new TitleCommand.Get(), replyTo),
                    TitleReply.class))
            .state();
    TitleState.Retired retired = assertInstanceOf(TitleState.Retired.class, state);
    assertEquals("Nosferatu", retired.metadata().title());
    assertEquals(List.of("Max Schreck", "Gustav von Wangenheim"), retired.metadata().cast());
    assertEquals(Instant.parse("2026-11-03T14:30:00Z"), retired.createdAt());
    assertEquals(Instant.parse("2026-11-03T15:30:00Z"), retired.retiredAt());
  }

  private void assertAccount() {
    AccountState state =
        accepted(
                AccountReply.Accepted.class,
                ask(
                    AccountEntity.create(ACCOUNT, 4, Clock.fixed(LATER, ZoneOffset.UTC)),
                    replyTo -> new AccountEntity.Handle(new AccountCommand.Get(), replyTo),
                    AccountReply.class))
            .state();
    AccountState.Active active = assertInstanceOf(AccountState.Active.class, state);
    String pid = "Account|" + ACCOUNT;
    AccountEvent.SignedUp signedUp = onlyStored(AccountEvent.SignedUp.class, pid);
    assertEquals(ACCOUNT, active.accountId());
    assertEquals(signedUp.email(), active.email());
    assertEquals(signedUp.emailHash(), active.emailHash());
    assertEquals(Instant.parse("2026-11-05T18:12:00Z"), active.createdAt());
    assertTrue(active.verified());
    assertNull(active.verification());
    assertNull(active.reset());
    // The password of the latest reset, not the sign-up's nor the changed one.
    String resetHash = onlyStored(AccountEvent.PasswordReset.class, pid).passwordHash();
    assertEquals(resetHash, active.passwordHash());
    assertNotEquals(signedUp.passwordHash(), resetHash);
    assertNotEquals(onlyStored(AccountEvent.PasswordChanged.class, pid).passwordHash(), resetHash);

    assertEquals(
        List.of("main", "kids"), active.profiles().stream().map(Profile::profileId).toList());
    Profile main = active.profile("main").orElseThrow();
    assertEquals(onlyStored(AccountEvent.ProfileUpdated.class, pid).profile(), main);
    assertNotEquals(signedUp.firstProfile().name(), main.name());
    assertTrue(main.pinHash().startsWith("$argon2id$"), main.pinHash());
    assertEquals(MaturityRating.NR, main.maturityLimit());
    assertEquals("pt-BR", main.language());
    Profile kids = active.profile("kids").orElseThrow();
    assertTrue(kids.kids());
    assertEquals(MaturityRating.G, kids.maturityLimit());
    assertNull(kids.pinHash());
    assertEquals(List.of(), main.violations());
    assertEquals(List.of(), kids.violations());
  }

  private void assertClosedAccount() {
    AccountState state =
        accepted(
                AccountReply.Accepted.class,
                ask(
                    AccountEntity.create(CLOSED, 4, Clock.fixed(LATER, ZoneOffset.UTC)),
                    replyTo -> new AccountEntity.Handle(new AccountCommand.Get(), replyTo),
                    AccountReply.class))
            .state();
    assertEquals(new AccountState.Closed(CLOSED, Instant.parse("2026-11-13T08:00:00Z")), state);
  }

  private void assertSubscription() {
    SubscriptionState state =
        accepted(
                SubscriptionReply.Accepted.class,
                ask(
                    SubscriptionEntity.create(ACCOUNT.asString(), new SubscriptionTags(4)),
                    replyTo ->
                        new SubscriptionEntity.Handle(new SubscriptionCommand.Get(), replyTo),
                    SubscriptionReply.class))
            .state();
    // Trial on standard, upgraded to premium, first charge declined then paid, cancelled and
    // resumed, second month paid.
    SubscriptionState.Active active = assertInstanceOf(SubscriptionState.Active.class, state);
    assertEquals(ACCOUNT.asString(), active.accountId());
    assertEquals("premium", active.planId());
    assertNull(active.nextPlanId());
    assertNull(active.openInvoice());
    assertEquals(Instant.parse("2027-01-19T18:20:00Z"), active.paidThrough());
    List<InvoiceLine> invoices = active.invoices();
    assertEquals(2, invoices.size());
    InvoiceLine first = invoices.get(0);
    assertEquals(InvoiceLine.Status.PAID, first.status());
    assertEquals(1, first.failedAttempts());
    assertEquals("ch_3PqXk2LmN8rT", first.chargeId());
    assertEquals("premium", first.invoice().planId());
    assertEquals(1999, first.invoice().amountMinor());
    assertEquals("EUR", first.invoice().currency());
    assertEquals(Instant.parse("2026-11-19T18:20:00Z"), first.invoice().periodStart());
    assertEquals(Instant.parse("2026-12-19T18:20:00Z"), first.invoice().periodEnd());
    InvoiceLine second = invoices.get(1);
    assertEquals(InvoiceLine.Status.PAID, second.status());
    assertEquals(0, second.failedAttempts());
    assertEquals("ch_3QaZr9TuV1wX", second.chargeId());
    assertEquals(Instant.parse("2026-12-19T18:20:00Z"), second.invoice().periodStart());

    Entitlement entitlement = Entitlement.of(active);
    assertEquals(Entitlement.Status.ACTIVE, entitlement.status());
    assertEquals(4, entitlement.maxStreams());
    assertEquals(2160, entitlement.maxHeight());
    assertTrue(entitlement.allows(LATER));
  }

  private void assertExpiredSubscription() {
    SubscriptionState state =
        accepted(
                SubscriptionReply.Accepted.class,
                ask(
                    SubscriptionEntity.create(CLOSED.asString(), new SubscriptionTags(4)),
                    replyTo ->
                        new SubscriptionEntity.Handle(new SubscriptionCommand.Get(), replyTo),
                    SubscriptionReply.class))
            .state();
    assertEquals(
        new SubscriptionState.Expired(
            CLOSED.asString(),
            "basic",
            "cancelled",
            Instant.parse("2026-11-13T08:05:00Z"),
            List.of()),
        state);
    assertFalse(Entitlement.of(state).allows(LATER));
  }

  private void assertPlayback() {
    String film = FILM.asString();
    PlaybackSettings settings =
        new PlaybackSettings(
            4,
            Duration.ofSeconds(5),
            Optional.empty(),
            new Playback.Rules(Duration.ofSeconds(60), Duration.ofSeconds(30)));
    // The kids profile starts the film again on another device: it resumes where the expired
    // tablet session stopped.
    PlaybackReply.Accepted started =
        accepted(
            PlaybackReply.Accepted.class,
            ask(
                PlaybackEntity.create(
                    ACCOUNT.asString(), settings, Clock.fixed(LATER, ZoneOffset.UTC)),
                replyTo ->
                    new PlaybackEntity.Handle(
                        new PlaybackCommand.Start(
                            "a9f0-s5",
                            "kids",
                            film,
                            "tv-kids",
                            "Kids' room TV",
                            5640.48,
                            4,
                            2160,
                            LATER),
                        replyTo),
                PlaybackReply.class));
    assertEquals(80.0, started.resumeAt());

    PlaybackState state = started.state();
    assertEquals(Set.of("e4c7-s4", "a9f0-s5"), state.sessions().keySet());
    PlaybackState.Session phone = state.sessions().get("e4c7-s4");
    assertEquals("main", phone.profileId());
    assertEquals(film, phone.titleId());
    assertEquals("phone-a1", phone.deviceId());
    assertEquals("Pixel 8", phone.deviceName());
    assertEquals(2160, phone.maxHeight());
    assertEquals(Instant.parse("2026-11-21T22:00:00Z"), phone.startedAt());

    assertEquals(2, state.resume().size());
    PlaybackState.ResumePoint main = state.resume().get(PlaybackState.resumeKey("main", film));
    assertEquals(1312.75, main.positionSeconds());
    assertEquals(5640.48, main.durationSeconds());
    assertFalse(main.watched());
    assertEquals(Instant.parse("2026-11-20T21:22:25Z"), main.updatedAt());
    PlaybackState.ResumePoint kids = state.resume().get(PlaybackState.resumeKey("kids", film));
    assertEquals(80.0, kids.positionSeconds());
    assertEquals(Instant.parse("2026-11-21T22:00:00Z"), kids.updatedAt());
  }

  /** Starts the entity (it recovers first), sends one command, stops it; returns the reply. */
  private static <C, R> R ask(
      Behavior<C> entity, Function<ActorRef<R>, C> command, Class<R> replyType) {
    ActorRef<C> ref = testKit.spawn(entity);
    TestProbe<R> probe = testKit.createTestProbe(replyType);
    ref.tell(command.apply(probe.ref()));
    R reply = probe.receiveMessage(Duration.ofSeconds(10));
    testKit.stop(ref);
    return reply;
  }

  private static <A> A accepted(Class<A> acceptedType, Object reply) {
    return assertInstanceOf(acceptedType, reply, () -> "rejected: " + reply);
  }
}
