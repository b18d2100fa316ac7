package gauntlet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadTransportTest {

  @Test
  void namesAreReadAsWrittenInPlansAndOnTheCommandLine() {
    assertThat(LoadTransport.parse("io_uring")).isEqualTo(LoadTransport.IO_URING);
    assertThat(LoadTransport.parse("IO-URING")).isEqualTo(LoadTransport.IO_URING);
    assertThat(LoadTransport.parse("epoll")).isEqualTo(LoadTransport.EPOLL);
    assertThat(LoadTransport.parse(" nio ")).isEqualTo(LoadTransport.NIO);
    assertThat(LoadTransport.parse("auto")).isEqualTo(LoadTransport.AUTO);
  }

  @Test
  void nothingSaidMeansAutoAsOnTheWireFromAnOlderController() {
    assertThat(LoadTransport.parse("")).isEqualTo(LoadTransport.AUTO);
    assertThat(LoadTransport.parse(null)).isEqualTo(LoadTransport.AUTO);
  }

  @Test
  void anUnknownNameIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> LoadTransport.parse("kqueue")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transport 'kqueue' is not one of auto, io_uring, epoll, nio");
  }

  @Test
  void eachTransportPrintsAsItIsWritten() {
    for (LoadTransport transport : LoadTransport.values()) {
      assertThat(LoadTransport.parse(transport.toString())).isEqualTo(transport);
    }
  }
}
