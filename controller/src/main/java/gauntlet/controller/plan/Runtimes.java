package gauntlet.controller.plan;

import gauntlet.core.BuiltInRuntime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the controller knows about runtimes: which are built in, how ledgers name them, which
 * scale over cores natively, and how much memory each needs at least.
 */
public final class Runtimes {
  public static final String GO = "go";

  private static final long MIB = 1024 * 1024;
  /** Docker refuses memory limits below 6 MiB whatever the image. */
  private static final long IMAGE_FLOOR = 6 * MIB;

  /** Loose image reference syntax; the agent's allow-list is the real gate. */
  private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");

  private Runtimes() {}

  /** node, bun, go: the servers every agent carries. */
  public static List<String> builtIn() {
    return BuiltInRuntime.names();
  }

  /** The built-in runtime named (case-insensitively), if it is one. */
  public static Optional<String> builtIn(String name) {
    return BuiltInRuntime.forName(name).map(BuiltInRuntime::planName);
  }

  /** Anything with ':' or '/' is an image reference (only agents that allow it will run it). */
  public static boolean isImageReference(String name) {
    return (name.contains(":") || name.contains("/")) && IMAGE.matcher(name).matches();
  }

  /** How the article names it: Node.js, Bun, Go; images as written. */
  public static String displayName(String runtime) {
    return BuiltInRuntime.forName(runtime).map(BuiltInRuntime::displayName).orElse(runtime);
  }

  /**
   * Go's scheduler spreads one process over every core it is given (GOMAXPROCS), so it has no
   * clustered variant: "N/A (Go handles natively)" in the article.
   */
  public static boolean scalesNatively(String runtime) {
    return BuiltInRuntime.forName(runtime).filter(r -> !r.hasClusterVariant()).isPresent();
  }

  /** Node (cluster module) and Bun (reusePort instances) have a clustered variant; Go is natively parallel. */
  public static boolean hasClusterVariant(String runtime) {
    return BuiltInRuntime.forName(runtime).filter(BuiltInRuntime::hasClusterVariant).isPresent();
  }

  /** The report's colour for a built-in runtime, if it is one. */
  public static Optional<String> chartColor(String runtime) {
    return BuiltInRuntime.forName(runtime).map(BuiltInRuntime::chartColor);
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
    return BuiltInRuntime.forName(runtime)
        .map(r -> r.memoryFloorBytes() * processes(runtime, cluster, cpus))
        .orElse(IMAGE_FLOOR);
  }
}
