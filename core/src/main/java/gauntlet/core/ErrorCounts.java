package gauntlet.core;

/** Failed requests by class, as wrk counts socket errors plus non-2xx responses. */
public record ErrorCounts(long connect, long read, long write, long timeout, long status) {
  public static final ErrorCounts NONE = new ErrorCounts(0, 0, 0, 0, 0);

  public ErrorCounts plus(ErrorCounts other) {
    return new ErrorCounts(connect + other.connect, read + other.read, write + other.write,
        timeout + other.timeout, status + other.status);
  }

  public long total() {
    return connect + read + write + timeout + status;
  }

  public gauntlet.v1.ErrorCounts toWire() {
    return gauntlet.v1.ErrorCounts.newBuilder()
        .setConnect(connect).setRead(read).setWrite(write).setTimeout(timeout).setStatus(status).build();
  }

  public static ErrorCounts fromWire(gauntlet.v1.ErrorCounts e) {
    return new ErrorCounts(e.getConnect(), e.getRead(), e.getWrite(), e.getTimeout(), e.getStatus());
  }
}
