package gauntlet.controller.report;

import java.util.List;

/** A cell's measured window second by second: what the load saw and what the target used. */
public record CellTimeline(List<LoadSecond> load, List<TargetSecond> target) {
  public static final CellTimeline EMPTY = new CellTimeline(List.of(), List.of());

  public CellTimeline {
    load = List.copyOf(load);
    target = List.copyOf(target);
  }
}
