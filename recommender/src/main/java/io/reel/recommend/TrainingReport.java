package io.reel.recommend;

import java.time.Duration;

/**
 * What a training run did, for logs and the benchmark.
 *
 * @param interactions interactions read
 * @param users viewers with at least one interaction
 * @param items titles known (watched, or in the catalog given)
 * @param neighbours item-to-item pairs kept (at most {@code neighbours} per item)
 * @param took wall-clock time of the whole run
 */
public record TrainingReport(
    int interactions, int users, int items, long neighbours, Duration took) {}
