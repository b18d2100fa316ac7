package gauntlet.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The runtimes every agent carries a server for, and every fact about them both sides use: the
 * plan's name, how the article names it, whether it has a clustered variant, the least memory one of
 * its server processes needs, and the colour the report draws it in. The agent adds the server sources
 * ({@code gauntlet.agent.target.BuiltInServer}); nothing else spells these facts out.
 */
public enum BuiltInRuntime {
  /*
   * Memory floors per server process. Measured on this project's reference box (Debian 12, Node 20,
   * Bun 1.x, Go 1.19 static build) as the peak RSS of one server process under the article's load
   * (wrk -t2 -c200, loopback): node 60 MiB, bun 47 MiB, go 14 MiB; idle: 44, 26 and 5 MiB. Below
   * these a container is OOM-killed or swaps during the cell, so such a plan cannot measure what
   * it claims. Clustered variants run a primary / launcher plus one process per worker, each
   * a full runtime (node cluster with 2 workers: 156 MiB; bun with 2 instances: 119 MiB).
   */
  /** Node's cluster module forks one worker per core. */
  NODE("node", "Node.js", true, 64 * Mib.BYTES, "#3c873a"),
  /** Bun runs one reusePort instance per core. */
  BUN("bun", "Bun", true, 48 * Mib.BYTES, "#c9a227"),
  /** Go's scheduler spreads one process over every core it is given (GOMAXPROCS): no clustered variant. */
  GO("go", "Go", false, 16 * Mib.BYTES, "#00add8");

  private final String planName;
  private final String displayName;
  private final boolean clusterVariant;
  private final long memoryFloorBytes;
  private final String chartColor;

  BuiltInRuntime(String planName, String displayName, boolean clusterVariant, long memoryFloorBytes,
      String chartColor) {
    this.planName = planName;
    this.displayName = displayName;
    this.clusterVariant = clusterVariant;
    this.memoryFloorBytes = memoryFloorBytes;
    this.chartColor = chartColor;
  }

  /** The plan's and the wire's name: node, bun, go. */
  public String planName() {
    return planName;
  }

  /** How the article names it: Node.js, Bun, Go. */
  public String displayName() {
    return displayName;
  }

  /** Node (cluster module) and Bun (reusePort instances) have one; Go is natively parallel. */
  public boolean hasClusterVariant() {
    return clusterVariant;
  }

  /** The least memory one server process of this runtime needs under the article's load. */
  public long memoryFloorBytes() {
    return memoryFloorBytes;
  }

  /** The runtime's own brand colour, as the report's charts draw it. */
  public String chartColor() {
    return chartColor;
  }

  /** The built-in runtime named (case-insensitively), if it is one. */
  public static Optional<BuiltInRuntime> forName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(r -> r.planName.equals(lower)).findFirst();
  }

  /** node, bun, go. */
  public static List<String> names() {
    return Arrays.stream(values()).map(BuiltInRuntime::planName).toList();
  }

  private static final class Mib {
    static final long BYTES = 1024 * 1024;
  }
}
