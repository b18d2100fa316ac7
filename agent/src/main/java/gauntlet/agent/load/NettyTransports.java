package gauntlet.agent.load;

import gauntlet.core.LoadTransport;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Optional;

/**
 * Netty's transports as this JVM finds them: io_uring and epoll load their native library on first
 * use and say why not when they cannot (not Linux, an old kernel, io_uring disabled by sysctl or
 * blocked by a seccomp filter, as docker's default profile does).
 */
final class NettyTransports implements TransportPlatform {

  @Override
  public Optional<String> unavailable(LoadTransport kind) {
    return switch (kind) {
      case IO_URING -> IoUring.isAvailable() ? Optional.empty() : Optional.of(cause(IoUring.unavailabilityCause()));
      case EPOLL -> Epoll.isAvailable() ? Optional.empty() : Optional.of(cause(Epoll.unavailabilityCause()));
      case NIO -> Optional.empty();
      case AUTO -> throw new IllegalArgumentException("auto is a choice among transports, not one to open");
    };
  }

  @Override
  public Transport open(LoadTransport kind) {
    return switch (kind) {
      case IO_URING -> ioUring();
      case EPOLL -> new Transport(kind, EpollIoHandler.newFactory(), EpollSocketChannel.class);
      case NIO -> new Transport(kind, NioIoHandler.newFactory(), NioSocketChannel.class);
      case AUTO -> throw new IllegalArgumentException("auto is a choice among transports, not one to open");
    };
  }

  /**
   * Netty's default ring (4096 entries, single issuer). A provided-buffer ring with multishot
   * receives was measured and not kept: one submission fewer per response, but Netty slices each
   * received buffer (an allocation per response again) and it ran at 0.83x wrk's requests/s
   * against 1.13x without (bench/vs-wrk.sh, 5 rounds, same run).
   */
  private static Transport ioUring() {
    return new Transport(LoadTransport.IO_URING, IoUringIoHandler.newFactory(new IoUringIoHandlerConfig()),
        IoUringSocketChannel.class);
  }

  /** The innermost message of a failure to load or set up the native transport, on one line. */
  private static String cause(Throwable failure) {
    Throwable root = failure;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root == null ? "unknown cause" : root.getMessage() == null ? root.getClass().getSimpleName()
        : root.getMessage();
    return text.replaceAll("\\s+", " ").trim();
  }
}
