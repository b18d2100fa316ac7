package gauntlet.controller.provision;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A client of the user's ssh-agent ({@code SSH_AUTH_SOCK}) over the JDK's Unix domain sockets.
 * MINA's own client needs the APR native library; the protocol (length-prefixed messages, which
 * {@link AbstractAgentProxy} frames) needs only a socket. Keys with a passphrase work this way:
 * the agent signs, the controller never sees the key.
 */
final class UnixSocketSshAgent extends AbstractAgentProxy {
  private static final int MAX_REPLY = 256 * 1024;
  private final SocketChannel socket;

  private UnixSocketSshAgent(SocketChannel socket) {
    super(null);
    this.socket = socket;
  }

  static UnixSocketSshAgent connect(Path socketPath) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socketPath));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new UnixSocketSshAgent(channel);
  }

  @Override
  protected synchronized Buffer request(Buffer buffer) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
    while (out.hasRemaining()) {
      socket.write(out);
    }
    ByteBuffer length = read(4);
    int size = length.getInt();
    if (size <= 0 || size > MAX_REPLY) {
      throw new IOException("ssh-agent sent a reply of " + size + " bytes");
    }
    return new ByteArrayBuffer(read(size).array());
  }

  private ByteBuffer read(int bytes) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(bytes);
    while (in.hasRemaining()) {
      if (socket.read(in) < 0) {
        throw new IOException("ssh-agent closed the connection");
      }
    }
    return in.flip();
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      socket.close();
    }
  }

  /** Hands MINA a connection to the agent at {@code socketPath}; no agent forwarding. */
  static SshAgentFactory factory(Path socketPath) {
    return new SshAgentFactory() {
      @Override
      public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
      }

      @Override
      public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
        return connect(socketPath);
      }

      @Override
      public SshAgentServer createServer(ConnectionService service) {
        throw new UnsupportedOperationException("Gauntlet does not forward ssh-agent");
      }
    };
  }
}
