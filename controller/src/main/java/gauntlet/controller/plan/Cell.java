package gauntlet.controller.plan;

import java.util.Locale;

/**
 * One configuration of the matrix: a runtime at a CPU quota, clustered or not.
 *
 * @param index position in the run, from 0
 * @param cluster whether the cell belongs to the clustered variants; for a runtime without one
 *     (Go) this means "in the clustered group, running natively parallel" — see {@link #clusterNative()}
 * @param copy 0, or which further listing of the same runtime this is ({@code runtime: [go, go]}: an
 *     A/A control whose difference shows the noise floor)
 */
public record Cell(int index, String runtime, double cpus, boolean cluster, int copy) {

  public Cell(int index, String runtime, double cpus, boolean cluster) {
    this(index, runtime, cpus, cluster, 0);
  }

  /** A file-name-safe id, e.g. {@code node-4cpu-cluster}; a second listing of go is {@code go-1cpu-2}. */
  public String id() {
    String cores = cpus == 0 ? "nolimit" : formatCpus(cpus) + "cpu";
    return runtime.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + cores + (cluster ? "-cluster" : "")
        + (copy == 0 ? "" : "-" + (copy + 1));
  }

  /** Node (cluster module) and Bun (reusePort instances) have a clustered variant; Go is natively parallel. */
  public static boolean hasClusterVariant(String runtime) {
    return Runtimes.hasClusterVariant(runtime);
  }

  /**
   * A clustered cell of a built-in runtime without a clustered variant (Go): the agent starts the
   * ordinary server, which uses every core it is given; the ledger says "native".
   */
  public boolean clusterNative() {
    return cluster && !hasClusterVariant(runtime) && !runtime.contains(":") && !runtime.contains("/");
  }

  /** CPUs as a person writes them: 1, 4, 0.5. */
  public static String formatCpus(double cpus) {
    return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : String.format(Locale.ROOT, "%s", cpus);
  }
}
