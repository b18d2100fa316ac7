package gauntlet.agent.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.core.LoadTransport;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportSelectorTest {

  /** A platform that lacks what it is told to lack, and counts what it opens. */
  private static final class FakePlatform implements TransportPlatform {
    final Map<LoadTransport, String> missing = new EnumMap<>(LoadTransport.class);
    final List<LoadTransport> opened = new ArrayList<>();

    FakePlatform without(LoadTransport kind, String why) {
      missing.put(kind, why);
      return this;
    }

    @Override
    public Optional<String> unavailable(LoadTransport kind) {
      return Optional.ofNullable(missing.get(kind));
    }

    @Override
    public Transport open(LoadTransport kind) {
      assertThat(missing).doesNotContainKey(kind);
      opened.add(kind);
      return new Transport(kind, NioIoHandler.newFactory(), NioSocketChannel.class);
    }
  }

  @Test
  void autoTakesWhatMeasuredBestWhenThePlatformHasEverything() {
    TransportPick pick = new TransportSelector(new FakePlatform()).pick(LoadTransport.AUTO);

    assertThat(pick.running()).isEqualTo(TransportSelector.AUTO_ORDER.get(0));
    assertThat(pick.requested()).isEqualTo(LoadTransport.AUTO);
    assertThat(pick.note()).isEmpty();
  }

  @Test
  void autoPrefersEpollAsMeasuredOnThisKindOfMachine() {
    assertThat(TransportSelector.AUTO_ORDER)
        .containsExactly(LoadTransport.EPOLL, LoadTransport.IO_URING, LoadTransport.NIO);
  }

  @Test
  void autoTakesTheNextWithAOneLineNoteWhenItsFirstChoiceIsMissing() {
    FakePlatform platform = new FakePlatform().without(LoadTransport.EPOLL, "no native library");

    TransportPick pick = new TransportSelector(platform).pick(LoadTransport.AUTO);

    assertThat(pick.running()).isEqualTo(LoadTransport.IO_URING);
    assertThat(pick.note()).contains("transport epoll is not available here (no native library); running on io_uring");
  }

  @Test
  void askedForIoUringBlockedBySeccompRunsOnEpollWithAOneLineNote() {
    FakePlatform platform = new FakePlatform().without(LoadTransport.IO_URING, "io_uring_setup: Operation not permitted");

    TransportPick pick = new TransportSelector(platform).pick(LoadTransport.IO_URING);

    assertThat(pick.running()).isEqualTo(LoadTransport.EPOLL);
    assertThat(pick.note()).contains(
        "transport io_uring is not available here (io_uring_setup: Operation not permitted); running on epoll");
  }

  @Test
  void askedForIoUringFallsBackToEpollThenToNio() {
    FakePlatform noUring = new FakePlatform().without(LoadTransport.IO_URING, "blocked by seccomp");
    FakePlatform noNative = new FakePlatform().without(LoadTransport.IO_URING, "not Linux")
        .without(LoadTransport.EPOLL, "not Linux");

    assertThat(new TransportSelector(noUring).pick(LoadTransport.IO_URING).running()).isEqualTo(LoadTransport.EPOLL);
    TransportPick toNio = new TransportSelector(noNative).pick(LoadTransport.IO_URING);
    assertThat(toNio.running()).isEqualTo(LoadTransport.NIO);
    assertThat(toNio.requested()).isEqualTo(LoadTransport.IO_URING);
    assertThat(toNio.note()).contains("transport io_uring is not available here (not Linux); running on nio");
  }

  @Test
  void askedForEpollNeverGetsIoUringInstead() {
    FakePlatform platform = new FakePlatform().without(LoadTransport.EPOLL, "no native library");

    TransportPick pick = new TransportSelector(platform).pick(LoadTransport.EPOLL);

    assertThat(pick.running()).isEqualTo(LoadTransport.NIO);
    assertThat(pick.note()).contains("transport epoll is not available here (no native library); running on nio");
  }

  @Test
  void aTransportThatIsThereRunsAsAskedWithoutANote() {
    for (LoadTransport kind : List.of(LoadTransport.IO_URING, LoadTransport.EPOLL, LoadTransport.NIO)) {
      TransportPick pick = new TransportSelector(new FakePlatform()).pick(kind);
      assertThat(pick.running()).isEqualTo(kind);
      assertThat(pick.note()).isEmpty();
    }
  }

  @Test
  void eachTransportIsOpenedOnceAndEveryRunGetsTheSameAnswer() {
    FakePlatform platform = new FakePlatform().without(LoadTransport.IO_URING, "blocked");
    TransportSelector selector = new TransportSelector(platform);

    Transport first = selector.transport(selector.pick(LoadTransport.AUTO));
    Transport again = selector.transport(selector.pick(LoadTransport.AUTO));
    Transport asked = selector.transport(selector.pick(LoadTransport.IO_URING));

    assertThat(again).isSameAs(first).isSameAs(asked);
    assertThat(platform.opened).containsExactly(LoadTransport.EPOLL);
  }

  @Test
  void aPlatformWithoutEvenNioIsRefusedNamingWhy() {
    FakePlatform platform = new FakePlatform().without(LoadTransport.IO_URING, "a").without(LoadTransport.EPOLL, "b")
        .without(LoadTransport.NIO, "c");

    assertThatThrownBy(() -> new TransportSelector(platform).pick(LoadTransport.AUTO))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no transport is available here");
  }
}
