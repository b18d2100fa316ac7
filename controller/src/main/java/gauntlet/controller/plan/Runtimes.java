package gauntlet.controller.plan;

import gauntlet.agent.target.BuiltInServer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the controller knows about runtimes: which are built in, how ledgers name them, which
 * scale over cores natively, and how much memory each needs at least.
 */
public final class Runtimes {
  public static final String GO = "go";

  /*
   * Memory floors per server process. Measured on this project's reference box (Debian 12, Node 20,
   * Bun 1.x, Go 1.19 static build) as the peak RSS of one server process under the article's load
   * (wrk -t2 -c200, loopback): node 60 MiB, bun 47 MiB, go 14 MiB; idle: 44, 26 and 5 MiB. Below
   * these a container is OOM-killed or swaps during the cell, so such a plan cannot measure what
   * it claims. Clustered variants run a primary / launcher plus one process per worker, each
   * a full runtime (node cluster with 2 workers: 156 MiB; bun with 2 instances: 119 MiB).
   */
  private static final long MIB = 1024 * 1024;
  private static final long NODE_FLOOR = 64 * MIB;
  private static final long BUN_FLOOR = 48 * MIB;
  private static final long GO_FLOOR = 16 * MIB;
  /** Docker refuses memory limits below 6 MiB whatever the image. */
  private static final long IMAGE_FLOOR = 6 * MIB;

  /** Loose image reference syntax; the agent's allow-list is the real gate. */
  private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");

  private Runtimes() {}

  /** node, bun, go: the servers every agent carries. */
  public static List<String> builtIn() {
    return BuiltInServer.runtimeNames();
  }

  /** The built-in runtime named (case-insensitively), if it is one. */
  public static Optional<String> builtIn(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return builtIn().stream().filter(lower::equals).findFirst();
  }

  /** Anything with ':' or '/' is an image reference (only agents that allow it will run it). */
  public static boolean isImageReference(String name) {
    return (name.contains(":") || name.contains("/")) && IMAGE.matcher(name).matches();
  }

  /** How the article names it: Node.js, Bun, Go; images as written. */
  public static String displayName(String runtime) {
    return switch (runtime) {
      case "node" -> "Node.js";
      case "bun" -> "Bun";
      case "go" -> "Go";
      default -> runtime;
    };
  }

  /**
   * Go's scheduler spreads one process over every core it is given (GOMAXPROCS), so it has no
   * clustered variant: "N/A (Go handles natively)" in the article.
   */
  public static boolean scalesNatively(String runtime) {
    return builtIn(runtime).isPresent() && !Cell.hasClusterVariant(runtime);
  }

  /** Processes a target runs: clustered variants add a primary / launcher to one per worker. */
  public static int processes(String runtime, boolean cluster, double cpus) {
    if (!cluster || scalesNatively(runtime)) {
      return 1;
    }
    int workers = Math.max(1, (int) Math.round(cpus));
    return workers + 1;
  }

  /** The least memory limit under which the runtime can serve the article's load. */
  public static long memoryFloorBytes(String runtime, boolean cluster, double cpus) {
    long perProcess = switch (runtime) {
      case "node" -> NODE_FLOOR;
      case "bun" -> BUN_FLOOR;
      case "go" -> GO_FLOOR;
      default -> IMAGE_FLOOR;
    };
    return perProcess * (builtIn(runtime).isPresent() ? processes(runtime, cluster, cpus) : 1);
  }
}
