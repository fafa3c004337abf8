package io.reel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What 1M, 10M and 100M concurrent streams cost Reel as it is built today: API nodes for heartbeats
 * and plays, Cassandra writes, Kafka messages and edge bandwidth, from the per-node figures
 * measured on this machine kind ({@code docs/benchmarks.md}) and Reel's intervals. Every input is a
 * named parameter ({@code --name=value}) so a better measurement replaces a default; {@code
 * docs/capacity.md} explains each one and what would have to change.
 *
 * <p>{@code ./reel capacity [--heartbeats-per-node=763 --streams=1000000,...]}
 */
public final class CapacityModel {

  /** The inputs, with the defaults documented in docs/capacity.md. */
  public record Inputs(
      double heartbeatEverySeconds,
      double savePositionEverySeconds,
      double averageSessionMinutes,
      double heartbeatsPerNode,
      double playsPerNode,
      double eventsPerPlay,
      double cassandraWritesPerEvent,
      double replicasPerRegion,
      int regions,
      double cassandraWritesPerNode,
      double averageBitrateMbps,
      double edgeGbpsPerNode,
      double targetUtilisation,
      double eventBytes) {

    public static Inputs defaults() {
      return new Inputs(10, 30, 45, 763, 50, 4, 3, 3, 2, 20_000, 3.0, 5.46, 0.6, 400);
    }

    /** {@code --name=value} pairs over the defaults; unknown names are an error. */
    public static Inputs parse(Map<String, String> args) {
      Map<String, Double> v = new LinkedHashMap<>();
      Inputs d = defaults();
      v.put("heartbeat-every", d.heartbeatEverySeconds);
      v.put("save-position-every", d.savePositionEverySeconds);
      v.put("session-minutes", d.averageSessionMinutes);
      v.put("heartbeats-per-node", d.heartbeatsPerNode);
      v.put("plays-per-node", d.playsPerNode);
      v.put("events-per-play", d.eventsPerPlay);
      v.put("cassandra-writes-per-event", d.cassandraWritesPerEvent);
      v.put("replicas-per-region", d.replicasPerRegion);
      v.put("regions", (double) d.regions);
      v.put("cassandra-writes-per-node", d.cassandraWritesPerNode);
      v.put("bitrate-mbps", d.averageBitrateMbps);
      v.put("edge-gbps-per-node", d.edgeGbpsPerNode);
      v.put("utilisation", d.targetUtilisation);
      v.put("event-bytes", d.eventBytes);
      for (Map.Entry<String, String> e : args.entrySet()) {
        if (!v.containsKey(e.getKey())) {
          throw new IllegalArgumentException(
              "unknown input --" + e.getKey() + "; known: " + v.keySet());
        }
        double x;
        try {
          x = Double.parseDouble(e.getValue());
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(
              "--" + e.getKey() + " needs a number: " + e.getValue());
        }
        if (!(x > 0) || Double.isInfinite(x)) {
          throw new IllegalArgumentException(
              "--" + e.getKey() + " must be positive: " + e.getValue());
        }
        v.put(e.getKey(), x);
      }
      if (v.get("utilisation") > 1) {
        throw new IllegalArgumentException("--utilisation is a fraction of a node, at most 1");
      }
      return new Inputs(
          v.get("heartbeat-every"),
          v.get("save-position-every"),
          v.get("session-minutes"),
          v.get("heartbeats-per-node"),
          v.get("plays-per-node"),
          v.get("events-per-play"),
          v.get("cassandra-writes-per-event"),
          v.get("replicas-per-region"),
          (int) Math.round(v.get("regions")),
          v.get("cassandra-writes-per-node"),
          v.get("bitrate-mbps"),
          v.get("edge-gbps-per-node"),
          v.get("utilisation"),
          v.get("event-bytes"));
    }
  }

  /** What {@code streams} concurrent streams need. Rates per second. */
  public record Sizing(
      long streams,
      double heartbeatsPerSecond,
      double playsPerSecond,
      double eventsPerSecond,
      long apiNodes,
      double cassandraWritesPerSecond,
      double cassandraReplicaWritesPerSecond,
      long cassandraNodes,
      double kafkaMessagesPerSecond,
      double kafkaMegabytesPerSecond,
      double edgeTerabitsPerSecond,
      long edgeNodes) {}

  private CapacityModel() {}

  public static Sizing size(long streams, Inputs in) {
    double heartbeats = streams / in.heartbeatEverySeconds();
    double plays = streams / (in.averageSessionMinutes() * 60);
    // A heartbeat persists a PositionSaved at most once per save interval; plays persist their own
    // events (started, licence, QoE, ended).
    double saves = streams / in.savePositionEverySeconds();
    double events = saves + plays * in.eventsPerPlay();
    // Heartbeats and plays compete for the same API nodes: each play costs as many heartbeats as
    // the measured rates say (a node does heartbeatsPerNode, or playsPerNode).
    double apiLoad = heartbeats / in.heartbeatsPerNode() + plays / in.playsPerNode();
    long apiNodes = ceil(apiLoad / in.targetUtilisation());
    double writes = events * in.cassandraWritesPerEvent();
    // Every write lands on each replica of every region.
    double replicaWrites = writes * in.replicasPerRegion() * in.regions();
    long cassandraNodes =
        ceil(replicaWrites / (in.cassandraWritesPerNode() * in.targetUtilisation()));
    // Every persisted playback event is published once (the home region's projection).
    double kafka = events;
    double kafkaMb = kafka * in.eventBytes() / 1e6;
    double edgeTbps = streams * in.averageBitrateMbps() / 1e6;
    long edgeNodes = ceil(edgeTbps * 1000 / (in.edgeGbpsPerNode() * in.targetUtilisation()));
    return new Sizing(
        streams,
        heartbeats,
        plays,
        events,
        apiNodes,
        writes,
        replicaWrites,
        cassandraNodes,
        kafka,
        kafkaMb,
        edgeTbps,
        edgeNodes);
  }

  private static long ceil(double x) {
    return (long) Math.ceil(x - 1e-9);
  }

  /** The table docs/capacity.md shows, for the given stream counts. */
  public static String table(List<Long> streams, Inputs in) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| concurrent streams | heartbeats/s | plays/s | events/s | API nodes | Cassandra writes/s"
            + " (replica writes/s) | Cassandra nodes | Kafka msg/s (MB/s) | edge egress | edge nodes |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (long s : streams) {
      Sizing z = size(s, in);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %,d | %s (%s) | %,d | %s (%.0f) | %.1f Tb/s | %,d |%n",
              human(s),
              human(z.heartbeatsPerSecond()),
              human(z.playsPerSecond()),
              human(z.eventsPerSecond()),
              z.apiNodes(),
              human(z.cassandraWritesPerSecond()),
              human(z.cassandraReplicaWritesPerSecond()),
              z.cassandraNodes(),
              human(z.kafkaMessagesPerSecond()),
              z.kafkaMegabytesPerSecond(),
              z.edgeTerabitsPerSecond(),
              z.edgeNodes()));
    }
    return sb.toString();
  }

  static String human(double x) {
    if (x >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", x / 1e6);
    }
    if (x >= 1e3) {
      return String.format(Locale.ROOT, "%.0fk", x / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", x);
  }

  public static void main(String[] args) {
    Map<String, String> named = new LinkedHashMap<>();
    List<Long> streams = new ArrayList<>(List.of(1_000_000L, 10_000_000L, 100_000_000L));
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        System.err.println(
            "reel capacity: arguments are --name=value, e.g. --heartbeats-per-node=3000");
        System.exit(2);
      }
      String[] kv = a.substring(2).split("=", 2);
      if (kv[0].equals("streams")) {
        streams.clear();
        for (String s : kv[1].split(",")) {
          streams.add(Long.parseLong(s.strip().replace("_", "")));
        }
      } else {
        named.put(kv[0], kv[1]);
      }
    }
    try {
      Inputs in = Inputs.parse(named);
      System.out.println("inputs: " + in);
      System.out.print(table(streams, in));
    } catch (IllegalArgumentException e) {
      System.err.println("reel capacity: " + e.getMessage());
      System.exit(2);
    }
  }
}
