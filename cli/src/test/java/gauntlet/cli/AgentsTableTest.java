package gauntlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.controller.run.ClockEstimate;
import gauntlet.v1.AgentInfo;
import gauntlet.v1.RuntimeInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentsTableTest {
  private static final AgentInfo LAPTOP = AgentInfo.newBuilder()
      .setName("lab-laptop").setVersion("0.1.0").setCores(2).setMemoryBytes(25_232_932_864L)
      .addLaunchers("process").setDefaultLauncher("process")
      .putUnavailableLaunchers("docker", "no Docker engine answers at /var/run/docker.sock")
      .addRuntimes(RuntimeInfo.newBuilder().setName("go").setAvailable(true).setVersion("go version go1.19.8 linux/amd64"))
      .addRuntimes(RuntimeInfo.newBuilder().setName("bun").setAvailable(false).setDetail("bun not found on PATH"))
      .build();

  @Test
  void reachableAgentsGetOneAlignedRowAndTheReasonsFollowTheTable() {
    AgentCheck laptop = new AgentCheck(List.of("laptop"), "198.19.0.2:7070", Optional.of(LAPTOP),
        Optional.of(new ClockEstimate(1_980_000, 420_000)), List.of());
    AgentCheck peer = new AgentCheck(List.of("peer", "peer-again"), "198.19.0.6:7070",
        Optional.of(LAPTOP.toBuilder().setBusyWithRun("phase2-20261129").build()),
        Optional.of(new ClockEstimate(-500_000, 800_000)),
        List.of("is busy with run 'phase2-20261129'; wait for it to end or use another agent"));

    List<String> lines = AgentsTable.render(List.of(laptop, peer)).lines().toList();

    assertThat(lines.get(0)).startsWith("AGENT").contains("ADDRESS", "REACHABLE", "CLOCK", "BUSY WITH");
    assertThat(lines.get(1)).matches("laptop +198\\.19\\.0\\.2:7070 +yes +0\\.1\\.0 +2 +23\\.5 GiB +process, no docker"
        + " +go go1\\.19\\.8, no bun +\\+1\\.98 ms \\(rtt 0\\.42 ms\\) +-");
    assertThat(lines.get(2)).startsWith("peer, peer-again").endsWith("phase2-20261129");
    // Columns line up: every row's address starts where the header's does.
    assertThat(lines.get(1).indexOf("198.19")).isEqualTo(lines.get(0).indexOf("ADDRESS"));
    assertThat(lines.get(2).indexOf("198.19")).isEqualTo(lines.get(0).indexOf("ADDRESS"));
    assertThat(lines).contains(
        "laptop: no docker launcher: no Docker engine answers at /var/run/docker.sock",
        "peer: NOT USABLE: is busy with run 'phase2-20261129'; wait for it to end or use another agent");
  }

  @Test
  void unreachableAgentShowsNoFiguresAndItsError() {
    AgentCheck gone = new AgentCheck(List.of("cloud"), "10.0.0.9:7070", Optional.empty(), Optional.empty(),
        List.of("Agent 'cloud' at 10.0.0.9:7070 is unreachable while describing itself"));

    String table = AgentsTable.render(List.of(gone));

    assertThat(table.lines().skip(1).findFirst().orElseThrow()).matches("cloud +10\\.0\\.0\\.9:7070 +no( +-){7}");
    assertThat(table).contains("cloud: NOT USABLE: Agent 'cloud' at 10.0.0.9:7070 is unreachable while describing itself");
    assertThat(gone.usable()).isFalse();
  }
}
