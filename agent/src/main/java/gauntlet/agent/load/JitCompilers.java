package gauntlet.agent.load;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Which JIT compilers this JVM runs: HotSpot with {@code -XX:TieredStopAtLevel=1..3} compiles with
 * C1 only, whose code is ready within milliseconds where C2's request path takes seconds of a core.
 */
public enum JitCompilers {
  /** C1 then C2: the fastest code once compiled (bench/generator-bound.sh: 0.97x wrk's requests per CPU-second, C1 alone 0.68x). */
  C1_AND_C2("c2"),
  /** C1 only: no C2 compile competes with the load, at some CPU per request. */
  C1_ONLY("c1");

  private final String key;

  JitCompilers(String key) {
    this.key = key;
  }

  /** How results name it: "c1" or "c2". */
  public String key() {
    return key;
  }

  /** What this JVM runs; C1 and C2 when it does not say. */
  public static JitCompilers ofThisJvm() {
    try {
      HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (hotSpot == null) {
        return C1_AND_C2;
      }
      boolean tiered = Boolean.parseBoolean(hotSpot.getVMOption("TieredCompilation").getValue());
      int stopAt = Integer.parseInt(hotSpot.getVMOption("TieredStopAtLevel").getValue());
      return tiered && stopAt >= 1 && stopAt <= 3 ? C1_ONLY : C1_AND_C2;
    } catch (RuntimeException e) {
      // Not HotSpot, or an option it does not know: assume the default compilers.
      return C1_AND_C2;
    }
  }
}
