package gauntlet.cli;

import gauntlet.core.CompilerDirectives;

/**
 * Turns HotSpot's optimising compiler (C2) off for the rest of this JVM's life, but for the merge's
 * decoder, through the diagnostic command {@code Compiler.directives_add} (what {@code jcmd PID
 * Compiler.directives_add} does; {@link CompilerDirectives}). It is for a controller that generates
 * no load itself: what it runs hot is gRPC's and protobuf's code, a thousand times over while it connects to a thousand
 * agents, and C2 compiling that took 3-4 s of CPU before the start and 15-25 % of a core through the
 * first cell's 20 s (bench/controller-scale.sh 1000 20). From the directive on, methods hot enough
 * for C2 are compiled by C1 instead; the decoder ({@code gauntlet.wire}), one loop over an
 * interval's bytes, keeps C2, whose code decodes a report per agent per second for less. A load
 * engine in the same JVM needs C2 (its CPU per request), so a run with an in-process load agent
 * keeps it.
 */
final class OptimisingCompiler {
  /** The classes that keep C2: the merge's decoder, which calls nothing hot outside them. */
  static final String KEPT = "gauntlet/wire/*.*";

  private OptimisingCompiler() {}

  /**
   * Stops C2 compiling anything but {@link #KEPT} from now on. False when this JVM cannot be told so
   * (not HotSpot, no diagnostic commands, no temporary folder): it then runs as it started.
   */
  static boolean turnOff() {
    return CompilerDirectives.keepC2OnlyFor(KEPT);
  }
}
