package gauntlet.controller.plan;

import java.util.Locale;

/**
 * One configuration of the matrix: a runtime at a CPU quota, clustered or not.
 *
 * @param index position in the run, from 0
 * @param cluster whether the cell belongs to the clustered variants; for a runtime that scales
 *     natively (Go) this means "in the clustered group, run as is" — see {@link #nativeCluster()}
 */
public record Cell(int index, String runtime, double cpus, boolean cluster) {

  /** A file-name-safe id, e.g. {@code node-4cpu-cluster}, {@code go-4cpu-native}. */
  public String id() {
    String cores = cpus == 0 ? "nolimit" : formatCpus(cpus) + "cpu";
    String variant = nativeCluster() ? "-native" : cluster ? "-cluster" : "";
    return runtime.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + cores + variant;
  }

  /**
   * A clustered cell of a runtime that has no clustered variant because it uses every core on its
   * own (Go): the ledger says "native", the agent starts the ordinary server.
   */
  public boolean nativeCluster() {
    return cluster && Runtimes.scalesNatively(runtime);
  }

  /** Whether the agent should start the runtime's multi-process variant (node cluster, N bun instances). */
  public boolean clusteredServer() {
    return cluster && !Runtimes.scalesNatively(runtime);
  }

  /** CPUs as a person writes them: 1, 4, 0.5. */
  public static String formatCpus(double cpus) {
    return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : String.format(Locale.ROOT, "%s", cpus);
  }
}
