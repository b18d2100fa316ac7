package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixExpanderTest {
  @Test
  void plansOrderIsKeptWithTheRuntimesOfATableBackToBack() {
    List<Cell> cells = MatrixExpander.expand(List.of("bun", "node"), List.of(4.0, 1.0), List.of(true, false));

    assertThat(cells).extracting(Cell::id).containsExactly(
        "bun-4cpu-cluster", "node-4cpu-cluster", "bun-4cpu", "node-4cpu",
        "bun-1cpu-cluster", "node-1cpu-cluster", "bun-1cpu", "node-1cpu");
    assertThat(cells).extracting(Cell::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void goRunsOnceWhenBothClusterVariantsAreListed() {
    List<Cell> cells = MatrixExpander.expand(List.of("node", "go"), List.of(1.0, 4.0), List.of(false, true));

    assertThat(cells).extracting(Cell::id).containsExactly(
        "node-1cpu", "go-1cpu", "node-1cpu-cluster", "node-4cpu", "go-4cpu", "node-4cpu-cluster");
    assertThat(cells).noneMatch(Cell::clusterNative);
  }

  @Test
  void goRunsNativelyWhenOnlyClusteredIsListed() {
    List<Cell> cells = MatrixExpander.expand(List.of("node", "bun", "go"), List.of(4.0), List.of(true));

    assertThat(cells).extracting(Cell::id).containsExactly("node-4cpu-cluster", "bun-4cpu-cluster", "go-4cpu-cluster");
    Cell go = cells.get(2);
    assertThat(go.cluster()).isTrue();
    assertThat(go.clusterNative()).isTrue();
    assertThat(cells.get(0).clusterNative()).isFalse();
    assertThat(Cell.hasClusterVariant("node")).isTrue();
    assertThat(Cell.hasClusterVariant("go")).isFalse();
  }

  @Test
  void cellIdsAreFileNameSafe() {
    assertThat(new Cell(0, "registry.local:5000/nginx:1.27", 0.5, false).id())
        .isEqualTo("registry.local_5000_nginx_1.27-0.5cpu");
    assertThat(new Cell(0, "node", 0, true).id()).isEqualTo("node-nolimit-cluster");
    assertThat(new Cell(0, "nginx:1.27", 1, true).clusterNative()).isFalse();
  }

  @Test
  void aRuntimeListedTwiceBecomesTwoCellsWithDistinctIds() {
    List<Cell> cells = MatrixExpander.expand(List.of("go", "go"), List.of(1.0), List.of(false));

    assertThat(cells).extracting(Cell::id).containsExactly("go-1cpu", "go-1cpu-2");
    assertThat(cells).extracting(Cell::copy).containsExactly(0, 1);
  }

  @Test
  void shuffledRoundsAreReproducibleFromTheSeedAndRotatedRoundsMoveEveryCellAlong() {
    List<Cell> cells = MatrixExpander.expand(List.of("node", "bun", "go"), List.of(1.0), List.of(false));

    java.util.Random first = new java.util.Random(42);
    java.util.Random again = new java.util.Random(42);
    for (int round = 0; round < 5; round++) {
      assertThat(CellOrder.SHUFFLED.round(cells, round, first)).isEqualTo(CellOrder.SHUFFLED.round(cells, round, again))
          .containsExactlyInAnyOrderElementsOf(cells);
    }
    assertThat(CellOrder.ROTATED.round(cells, 1, first)).extracting(Cell::runtime).containsExactly("bun", "go", "node");
    assertThat(CellOrder.FIXED.round(cells, 1, first)).isEqualTo(cells);
  }
}
