package gauntlet.agent.load;

import gauntlet.core.LoadTransport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.socket.SocketChannel;

/** A socket transport the engine runs on: what its event loops poll with and the channel class. */
record Transport(LoadTransport kind, IoHandlerFactory ioHandlers, Class<? extends SocketChannel> channelType) {

  String name() {
    return kind.text();
  }
}
