package gauntlet.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.v1.IntervalReport;
import gauntlet.v1.LoadReport;
import gauntlet.v1.LoadStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LoadTransportsTest {

  @Test
  void eachAgentsStartReportTellsItsTransportAndEveryReportStillGoesOn() {
    LoadTransports transports = new LoadTransports();
    List<LoadReport> forwarded = new ArrayList<>();
    Consumer<LoadReport> a = transports.watching("a", forwarded::add);
    Consumer<LoadReport> b = transports.watching("b", forwarded::add);

    a.accept(started("epoll", ""));
    b.accept(started("epoll", "transport io_uring is not available here (blocked); running on epoll"));
    a.accept(LoadReport.newBuilder().setInterval(IntervalReport.newBuilder().setRequests(5)).build());

    assertThat(forwarded).hasSize(3);
    assertThat(transports.transport("a")).isEqualTo("epoll");
    assertThat(transports.transport("never-started")).isEmpty();
    assertThat(transports.notes(List.of("a", "b", "never-started")))
        .containsExactly("b: transport io_uring is not available here (blocked); running on epoll");
  }

  private static LoadReport started(String transport, String note) {
    return LoadReport.newBuilder().setStarted(LoadStarted.newBuilder().setStartedUnixNanos(1).setTransport(transport)
        .setTransportNote(note)).build();
  }
}
