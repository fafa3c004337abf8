package io.reel.recommend.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reel.recommend.Interaction;
import io.reel.recommend.Interaction.Kind;
import io.reel.recommend.eval.MovieTweetings.Movie;
import io.reel.recommend.eval.MovieTweetings.Rating;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieTweetingsTest {

  @Test
  void readsGoodLinesAndSkipsAndCountsBadOnes(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("ratings.dat"),
        String.join(
            "\n",
            "1::0111161::10::1365029107",
            "1::0068646::4::1365029200",
            "garbage",
            "2::0111161::11::1365029107", // out of range
            "2::0111161::x::1365029107",
            "2::::7::1365029107",
            "3::0068646::0::1365029300",
            ""));
    Files.writeString(
        dir.resolve("movies.dat"),
        String.join(
            "\n",
            "0111161::The Shawshank Redemption (1994)::Crime|Drama",
            "0068646::Léon (1994)::",
            "0000001::Untitled::Documentary",
            "broken line"));

    MovieTweetings.Dataset data = MovieTweetings.read(dir);

    assertEquals(
        List.of(
            new Rating("1", "0111161", 10, Instant.ofEpochSecond(1365029107)),
            new Rating("1", "0068646", 4, Instant.ofEpochSecond(1365029200)),
            new Rating("3", "0068646", 0, Instant.ofEpochSecond(1365029300))),
        data.ratings());
    assertEquals(4, data.skippedRatings());
    assertEquals(1, data.skippedMovies());
    assertEquals(
        new Movie("0111161", "The Shawshank Redemption", 1994, List.of("Crime", "Drama")),
        data.movies().get("0111161"));
    assertEquals(new Movie("0068646", "Léon", 1994, List.of()), data.movies().get("0068646"));
    assertEquals(0, data.movies().get("0000001").year());
  }

  @Test
  void everyRatingIsAWatchAndTheScoreAThumbs() {
    Instant t = Instant.ofEpochSecond(1365029107);
    assertEquals(
        List.of(
            new Interaction("u", "m", Kind.COMPLETED, t), new Interaction("u", "m", Kind.LOVED, t)),
        RatingMapping.interactions(new Rating("u", "m", 9, t)));
    assertEquals(
        Kind.THUMBS_UP, RatingMapping.interactions(new Rating("u", "m", 7, t)).get(1).kind());
    assertEquals(1, RatingMapping.interactions(new Rating("u", "m", 6, t)).size());
    assertEquals(1, RatingMapping.interactions(new Rating("u", "m", 5, t)).size());
    assertEquals(
        Kind.THUMBS_DOWN, RatingMapping.interactions(new Rating("u", "m", 4, t)).get(1).kind());
  }

  @Test
  void findsTheRepositoryRootFromAModuleDirectory(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("repo");
    Files.createDirectories(root.resolve("recommender/target"));
    Files.writeString(root.resolve("reel"), "#!/bin/sh\n");

    assertEquals(
        root.toAbsolutePath().normalize(),
        MovieTweetings.repoRoot(root.resolve("recommender/target")).orElseThrow());
    assertEquals(
        dir.resolve("shared/datasets/movietweetings-100k").toAbsolutePath().normalize(),
        MovieTweetings.directory(root.toAbsolutePath()));
  }
}
