package io.reel.recommend.eval;

import io.reel.recommend.ItemFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the MovieTweetings 100K snapshot ({@code sidooms/MovieTweetings}, MIT): real ratings people
 * tweeted from IMDb, which nobody here made up. {@code ratings.dat} is {@code user::imdb_id::rating
 * 0-10::unix_time}, {@code movies.dat} is {@code imdb_id::Title (Year)::Genre|Genre}. A line that
 * does not parse is skipped and counted, never fatal: a real export has some.
 */
public final class MovieTweetings {

  /**
   * Where the dataset lives, relative to the repository root (see ../shared/datasets/README.md).
   */
  public static final String RELATIVE_PATH = "../shared/datasets/movietweetings-100k";

  private static final Pattern TITLE_YEAR = Pattern.compile("^(.*) \\((\\d{4})\\)$");

  private MovieTweetings() {}

  /** One rating: the user watched the film and scored it 0 (worst) to 10 (best). */
  public record Rating(String user, String item, int score, Instant at) {}

  /** A film; {@code year} is 0 when the title carries none. */
  public record Movie(String item, String title, int year, List<String> genres) {
    public ItemFacts facts() {
      return new ItemFacts(item, genres);
    }
  }

  /** The ratings in file order, the films by id, and how many lines of each file were skipped. */
  public record Dataset(
      List<Rating> ratings, Map<String, Movie> movies, int skippedRatings, int skippedMovies) {}

  /** The dataset directory for a repository root: {@code <root>/../shared/datasets/...}. */
  public static Path directory(Path repoRoot) {
    return repoRoot.resolve(RELATIVE_PATH).normalize();
  }

  /** Whether {@code dir} holds the two files this reads. */
  public static boolean present(Path dir) {
    return Files.isRegularFile(dir.resolve("ratings.dat"))
        && Files.isRegularFile(dir.resolve("movies.dat"));
  }

  /**
   * The repository root: {@code start} or its nearest parent holding the {@code reel} script (tests
   * run in a module's directory, benchmarks are given it as {@code reel.repo.root}).
   */
  public static Optional<Path> repoRoot(Path start) {
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("reel"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public static Dataset read(Path dir) throws IOException {
    List<Rating> ratings = new ArrayList<>(100_000);
    int skippedRatings = 0;
    try (BufferedReader in = Files.newBufferedReader(dir.resolve("ratings.dat"))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Optional<Rating> r = parseRating(line);
        if (r.isPresent()) {
          ratings.add(r.get());
        } else {
          skippedRatings++;
        }
      }
    }
    Map<String, Movie> movies = new LinkedHashMap<>();
    int skippedMovies = 0;
    try (BufferedReader in =
        Files.newBufferedReader(dir.resolve("movies.dat"), StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Optional<Movie> m = parseMovie(line);
        if (m.isPresent()) {
          movies.put(m.get().item(), m.get());
        } else {
          skippedMovies++;
        }
      }
    }
    return new Dataset(List.copyOf(ratings), Map.copyOf(movies), skippedRatings, skippedMovies);
  }

  /** {@code user::item::score::unix_time}; empty when any part is missing or out of range. */
  static Optional<Rating> parseRating(String line) {
    String[] f = line.split("::", -1);
    if (f.length != 4 || f[0].isBlank() || f[1].isBlank()) {
      return Optional.empty();
    }
    try {
      int score = Integer.parseInt(f[2].trim());
      long seconds = Long.parseLong(f[3].trim());
      if (score < 0 || score > 10 || seconds <= 0) {
        return Optional.empty();
      }
      return Optional.of(
          new Rating(f[0].trim(), f[1].trim(), score, Instant.ofEpochSecond(seconds)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code item::Title (Year)::Genre|Genre} (genres may be empty). */
  static Optional<Movie> parseMovie(String line) {
    String[] f = line.split("::", -1);
    if (f.length != 3 || f[0].isBlank() || f[1].isBlank()) {
      return Optional.empty();
    }
    String title = f[1].trim();
    int year = 0;
    Matcher m = TITLE_YEAR.matcher(title);
    if (m.matches()) {
      title = m.group(1);
      year = Integer.parseInt(m.group(2));
    }
    List<String> genres =
        f[2].isBlank()
            ? List.of()
            : Arrays.stream(f[2].split("\\|")).map(String::trim).filter(g -> !g.isEmpty()).toList();
    return Optional.of(new Movie(f[0].trim(), title, year, genres));
  }
}
