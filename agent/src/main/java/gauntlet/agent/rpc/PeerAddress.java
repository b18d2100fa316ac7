package gauntlet.agent.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;

/** Makes the caller's address available to handlers, for logs and "busy with" messages. */
public final class PeerAddress implements ServerInterceptor {
  private static final Context.Key<String> PEER = Context.key("gauntlet-peer");

  static String current() {
    String peer = PEER.get();
    return peer == null ? "unknown peer" : peer;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    Context context = Context.current().withValue(PEER, remote == null ? "unknown peer" : remote.toString());
    return Contexts.interceptCall(context, call, headers, next);
  }
}
