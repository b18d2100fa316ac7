package gauntlet.controller.compare;

import java.util.List;

/**
 * A cell of the base run and the cell of the new run it was matched with.
 *
 * @param note how the configurations differ when they were matched despite it ("cpus 1 → 0.5"), else empty
 */
public record CellChange(RecordedCell base, RecordedCell current, String note, List<FigureChange> figures) {
  public CellChange {
    figures = List.copyOf(figures);
  }

  public boolean regressed() {
    return figures.stream().anyMatch(FigureChange::regression);
  }
}
