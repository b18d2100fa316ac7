package gauntlet.agent.load;

import gauntlet.core.LoadTransport;
import java.util.Optional;

/** What this platform offers: the seam between transport selection and Netty's native libraries. */
interface TransportPlatform {

  /** Why {@code kind} cannot run here, in a few words; empty when it can. {@code nio} always can. */
  Optional<String> unavailable(LoadTransport kind);

  /** The transport {@code kind}, which {@link #unavailable} said can run here. */
  Transport open(LoadTransport kind);
}
