package gauntlet.controller.run;

import gauntlet.controller.plan.Cell;
import gauntlet.controller.report.CellResult;
import java.util.List;

/** Several progress listeners as one; earlier ones hear each event first (the ETA before the console). */
final class ProgressFanOut implements Progress {
  private final List<Progress> listeners;

  ProgressFanOut(List<Progress> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void runStarted(String runId, int cells) {
    listeners.forEach(l -> l.runStarted(runId, cells));
  }

  @Override
  public void note(String message) {
    listeners.forEach(l -> l.note(message));
  }

  @Override
  public void cellStarted(Cell cell, int of) {
    listeners.forEach(l -> l.cellStarted(cell, of));
  }

  @Override
  public void second(Cell cell, Second second, int totalSeconds) {
    listeners.forEach(l -> l.second(cell, second, totalSeconds));
  }

  @Override
  public void cellFinished(CellResult result) {
    listeners.forEach(l -> l.cellFinished(result));
  }

  @Override
  public void interval(Cell cell, Interval interval) {
    listeners.forEach(l -> l.interval(cell, interval));
  }

  @Override
  public void targetSample(Cell cell, double cpuPct, long memoryBytes) {
    listeners.forEach(l -> l.targetSample(cell, cpuPct, memoryBytes));
  }
}
