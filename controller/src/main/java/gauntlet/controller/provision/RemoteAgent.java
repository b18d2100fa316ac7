package gauntlet.controller.provision;

import gauntlet.core.security.BearerCredentials;
import gauntlet.core.security.BearerToken;
import gauntlet.controller.plan.AgentEndpoint;
import gauntlet.controller.plan.SshAddress;
import gauntlet.controller.plan.SshSettings;
import gauntlet.controller.run.PreflightException;
import gauntlet.controller.run.ProvisionedAgent;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * One machine's agent, started over SSH: the SSH session, the exec channel the agent runs in (its
 * stdin tethers it to this session), and the local port forwarded to the agent's loopback port.
 * Closing it ends the agent: stdin closes, the agent stops its targets and exits, and its run
 * folder is removed; the release stays cached on the machine.
 */
final class RemoteAgent implements AutoCloseable {
  static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(15);
  /** A JVM start, on a slow VM with other work: generous, as it is only waited for on failure. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AgentEndpoint endpoint;
  private final SshClient client;
  private final ClientSession session;
  private final ChannelExec agent;
  private final OutputStream agentStdin;
  private final ProvisionedAgent reach;

  private RemoteAgent(AgentEndpoint endpoint, SshClient client, ClientSession session, ChannelExec agent,
      OutputStream agentStdin, ProvisionedAgent reach) {
    this.endpoint = endpoint;
    this.client = client;
    this.session = session;
    this.agent = agent;
    this.agentStdin = agentStdin;
    this.reach = reach;
  }

  /**
   * Logs in, uploads the release if the machine lacks it, starts the agent and forwards its port.
   *
   * @param report one line per step worth telling the user (upload or reuse, start)
   * @throws PreflightException naming the machine and the fix when any step fails
   */
  static RemoteAgent start(AgentEndpoint endpoint, SshSettings settings, Release release, Consumer<String> report) {
    SshAddress address = endpoint.ssh().orElseThrow();
    String who = "agent '" + endpoint.name() + "' (" + address.login() + ")";
    KnownHostsVerifier verifier = new KnownHostsVerifier(address, settings.knownHosts(), settings.acceptNew());
    SshIdentities identities = SshIdentities.load(settings.identityFiles());
    Optional<Path> agentSocket = Optional.ofNullable(System.getenv("SSH_AUTH_SOCK")).map(Path::of)
        .filter(Files::exists);
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(verifier);
    // The plan says what to use; ~/.ssh/config and MINA's default key locations are not consulted.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    agentSocket.ifPresent(socket -> client.setAgentFactory(UnixSocketSshAgent.factory(socket)));
    client.start();
    ClientSession session = null;
    try {
      try {
        session = client.connect(address.user(), address.host(), address.port()).verify(LOGIN_TIMEOUT).getSession();
        for (SshIdentities.Identity key : identities.keys()) {
          session.addPublicKeyIdentity(key.pair());
        }
        session.auth().verify(LOGIN_TIMEOUT);
      } catch (IOException e) {
        if (verifier.refusal().isPresent()) {
          throw new PreflightException(who + ": " + verifier.refusal().get(), e);
        }
        if (session != null && !session.isOpen() || session == null) {
          throw new PreflightException(who + ": cannot connect to " + address.host() + " port " + address.port() + " ("
              + firstLine(e) + "); is sshd running there and the port open?", e);
        }
        throw new PreflightException(who + ": " + refusedLogin(address, identities, agentSocket), e);
      }
      String state = run(session, who, RemoteScripts.probe(release), null).trim();
      if (state.startsWith(RemoteScripts.WRONG_ARCH)) {
        throw new PreflightException(who + ": the machine is " + state.substring(RemoteScripts.WRONG_ARCH.length())
            + " but release " + release.id() + " is for " + release.arch() + "; build a release on a machine of that kind");
      }
      String cached = address.login() + ":~/.cache/gauntlet/" + release.id();
      if (state.equals(RemoteScripts.ABSENT)) {
        long started = System.nanoTime();
        run(session, who, RemoteScripts.upload(release), release);
        report.accept(String.format(java.util.Locale.ROOT, "%s: uploaded release %s to %s (%d MB in %.1f s)", who,
            release.id(), cached, release.size() >> 20, (System.nanoTime() - started) / 1e9));
      } else if (state.equals(RemoteScripts.PRESENT)) {
        report.accept(who + ": release " + release.id() + " already at " + cached + ", not uploaded");
      } else {
        throw new PreflightException(who + ": checking for the release printed " + quote(state)
            + " instead of present/absent; does the account have a POSIX sh?");
      }
      RemoteAgent remote = launch(endpoint, who, client, session, release);
      report.accept(who + ": agent started on the machine's loopback, reached through SSH at 127.0.0.1:"
          + remote.reach.port());
      return remote;
    } catch (RuntimeException e) {
      closeQuietly(session, client);
      throw e;
    }
  }

  private static RemoteAgent launch(AgentEndpoint endpoint, String who, SshClient client, ClientSession session,
      Release release) {
    OutputTail log = new OutputTail(20);
    ChannelExec exec;
    OutputStream stdin;
    int remotePort;
    try {
      exec = session.createExecChannel(RemoteScripts.shell(RemoteScripts.agent(release, endpoint.name())));
      exec.setErr(log);
      exec.open().verify(COMMAND_TIMEOUT);
      stdin = exec.getInvertedIn();
    } catch (IOException e) {
      throw new PreflightException(who + ": cannot start the agent (" + firstLine(e) + ")", e);
    }
    // A fresh token per start: other users of the machine can reach its loopback port too.
    String token = HexFormat.of().formatHex(randomBytes());
    try {
      stdin.write((token + "\n").getBytes(StandardCharsets.US_ASCII));
      stdin.flush();
      remotePort = awaitPort(exec, who, log);
    } catch (IOException | RuntimeException e) {
      exec.close(true);
      if (e instanceof PreflightException p) {
        throw p;
      }
      throw new PreflightException(who + ": the agent did not start (" + firstLine(e) + "): " + log.text(), e);
    }
    int localPort;
    try {
      SshdSocketAddress bound = session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", 0),
          new SshdSocketAddress("127.0.0.1", remotePort));
      localPort = bound.getPort();
    } catch (IOException e) {
      exec.close(true);
      throw new PreflightException(who + ": cannot forward a local port to the agent's port " + remotePort
          + " (" + firstLine(e) + "); does the machine's sshd allow TCP forwarding (AllowTcpForwarding)?", e);
    }
    ProvisionedAgent reach = new ProvisionedAgent("127.0.0.1", localPort,
        new BearerCredentials(BearerToken.of(token, "the token of " + who)));
    return new RemoteAgent(endpoint, client, session, exec, stdin, reach);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Reads the agent's stdout until it says its port, then keeps draining it in the background. */
  private static int awaitPort(ChannelExec exec, String who, OutputTail log) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(exec.getInvertedOut(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          if (!port.isDone() && line.startsWith(AgentAnnouncement.READY)) {
            port.complete(AgentAnnouncement.port(line));
          }
        }
        port.completeExceptionally(new IOException("the agent exited"));
      } catch (IOException | RuntimeException e) {
        port.completeExceptionally(e);
      }
    }, "gauntlet-ssh-agent-out");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new PreflightException(who + ": the agent did not say it was listening within " + START_TIMEOUT.toSeconds()
          + " s: " + log.text(), e);
    } catch (ExecutionException e) {
      throw new PreflightException(who + ": the agent did not start (" + firstLine(e.getCause()) + "): "
          + (log.text().isEmpty() ? "no output" : log.text()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreflightException(who + ": interrupted while the agent started", e);
    }
  }

  /** Runs a script; its stdout when it exits 0. With {@code upload}, the release's tar is its stdin. */
  private static String run(ClientSession session, String who, String script, Release upload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputTail err = new OutputTail(10);
    try (ChannelExec exec = session.createExecChannel(RemoteScripts.shell(script))) {
      exec.setOut(out);
      exec.setErr(err);
      exec.open().verify(COMMAND_TIMEOUT);
      try (OutputStream stdin = exec.getInvertedIn()) {
        if (upload != null) {
          upload.writeTar(stdin);
        }
      }
      Duration timeout = upload != null ? UPLOAD_TIMEOUT : COMMAND_TIMEOUT;
      var events = exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        throw new PreflightException(who + ": a command did not finish within " + timeout.toSeconds() + " s");
      }
      Integer status = exec.getExitStatus();
      if (status == null || status != 0) {
        throw new PreflightException(who + ": " + (upload != null ? "unpacking the release" : "a command") + " failed"
            + " (exit " + status + "): " + (err.text().isEmpty() ? "no output" : err.text())
            + (upload != null ? "; is there disk space in ~/.cache/gauntlet, and tar?" : ""));
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PreflightException(who + ": " + (upload != null ? "uploading the release" : "a command") + " failed ("
          + firstLine(e) + ")" + (err.text().isEmpty() ? "" : ": " + err.text()), e);
    }
  }

  private static String refusedLogin(SshAddress address, SshIdentities identities, Optional<Path> agentSocket) {
    StringBuilder tried = new StringBuilder();
    for (SshIdentities.Identity key : identities.keys()) {
      tried.append(tried.length() == 0 ? "" : ", ").append(key.file())
          .append(" (").append(KnownHostsVerifier.describe(key.pair().getPublic())).append(")");
    }
    agentSocket.ifPresent(socket -> tried.append(tried.length() == 0 ? "" : ", ").append("the keys in ssh-agent"));
    String skipped = identities.skipped().isEmpty() ? "" : "; skipped " + String.join(", ", identities.skipped());
    if (tried.length() == 0) {
      return "no key to log in with: none of ~/.ssh/" + String.join(", ~/.ssh/", SshSettings.DEFAULT_IDENTITIES)
          + " exists and no ssh-agent runs (SSH_AUTH_SOCK)" + skipped + "; set ssh.identity_file";
    }
    return address.login() + " refused the key " + tried + skipped + "; add its .pub to ~" + address.user()
        + "/.ssh/authorized_keys there, or set ssh.identity_file to the key it accepts";
  }

  ProvisionedAgent reach() {
    return reach;
  }

  /** False once the agent's session or channel ended (the machine rebooted, the agent crashed). */
  boolean alive() {
    return session.isOpen() && agent.isOpen() && !agent.isClosing();
  }

  /** Ends the agent (stdin closes; it stops its targets and removes its run folder), then the session. */
  @Override
  public void close() {
    try {
      agentStdin.close();
      agent.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), STOP_TIMEOUT.toMillis());
    } catch (IOException | RuntimeException e) {
      // The session is gone already: the machine's sshd closed the agent's stdin itself.
    } finally {
      closeQuietly(session, client);
    }
  }

  private static void closeQuietly(ClientSession session, SshClient client) {
    try {
      if (session != null) {
        session.close(false).await(STOP_TIMEOUT.toMillis());
      }
    } catch (IOException | RuntimeException e) {
      // Closing what already failed.
    } finally {
      client.stop();
    }
  }

  @Override
  public String toString() {
    return "agent '" + endpoint.name() + "' on " + endpoint;
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String quote(String text) {
    return "'" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "'";
  }
}
