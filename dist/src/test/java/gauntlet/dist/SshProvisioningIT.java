package gauntlet.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code agents: {vm: "ssh://root@<namespace address>"}} against a real OpenSSH server in a
 * network namespace: the release's bin/gauntlet (with no java on PATH) uploads itself, starts the
 * agent there on its own runtime, runs a Go target on it, loads it from its in-process agent, and
 * leaves nothing running in the namespace; a second run reuses the upload; an unknown host key
 * and a wrong client key are refused with one line each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshProvisioningIT {
  private static NetnsSshd vm;
  private static Path scratch;
  private static Path noJava;

  @BeforeAll
  static void startMachine() throws Exception {
    assumeTrue(NetnsSshd.usable(), "needs root, /usr/sbin/sshd (openssh-server), ip and ssh-keygen:"
        + " scripts/setup.sh --tests installs them");
    scratch = Files.createTempDirectory("gd-ssh-it");
    noJava = Releases.pathWithoutJava(scratch);
    vm = NetnsSshd.start();
  }

  @AfterAll
  static void stopMachine() {
    if (vm != null) {
      vm.close();
    }
    Commands.deleteTree(scratch);
  }

  private static Path plan(String name, Path identity, Path knownHosts) throws Exception {
    Path plan = scratch.resolve(name + ".yaml");
    Files.writeString(plan, GoTargetPlan.yaml(name, "vm", "ssh://root@" + vm.address(), "process", """
        ssh:
          identity_file: %s
          known_hosts: %s
        """.formatted(identity, knownHosts)));
    return plan;
  }

  private static Commands.Result gauntlet(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(Releases.dir().resolve("bin/gauntlet").toString()));
    command.addAll(List.of(args));
    return Commands.run(command, Releases.envWithoutJava(noJava), scratch, 600);
  }

  /** Between looks at another process's state, which sends no notice when it changes. */
  private static void pollPause() {
    new java.util.concurrent.CompletableFuture<Void>().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
  }

  private static int count(String text, String phrase) {
    return (int) Pattern.compile(Pattern.quote(phrase)).matcher(text).results().count();
  }

  @Test
  @Order(1)
  void aRunUploadsTheReleaseRunsTheAgentOnItsOwnRuntimeAndLeavesNothingBehind() throws Exception {
    Path cached = vm.home().resolve(".cache/gauntlet").resolve(Releases.id());
    Path releaseJava = cached.resolve("runtime/bin/java");
    // Watch the namespace while the run goes: which programs run there.
    Set<String> executables = new ConcurrentSkipListSet<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread watcher = new Thread(() -> {
      try {
        do {
          for (ProcessHandle p : vm.processes()) {
            NetnsSshd.exe(p).ifPresent(exe -> executables.add(exe.toString()));
          }
        } while (!done.await(100, TimeUnit.MILLISECONDS));
      } catch (Exception e) {
        executables.add("watcher failed: " + e);
      }
    });
    watcher.start();
    Commands.Result run;
    try {
      run = gauntlet("run", plan("ssh-first", vm.clientKey(), vm.knownHosts()).toString(), "--out",
          scratch.resolve("out1").toString());
    } finally {
      done.countDown();
      watcher.join();
    }
    System.out.println(run.err()); // the provisioning lines (upload size and time) for the report
    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    assertThat(run.out()).contains("1 of 1 cells done").contains("ssh://root@" + vm.address());
    Releases.results(scratch.resolve("out1"));
    assertThat(count(run.err(), "uploaded release " + Releases.id())).as(run.err()).isEqualTo(1);
    assertThat(executables).as("programs seen in the namespace").contains(releaseJava.toString())
        .noneMatch(exe -> exe.startsWith("/usr/lib/jvm"));
    assertThat(NetnsSshd.gauntletCommandLines(vm.processes())).as("Gauntlet processes left in the namespace").isEmpty();
    assertThat(cached.resolve("RELEASE")).hasContent(Releases.id());
    try (var runs = Files.list(cached.resolveSibling("runs"))) {
      assertThat(runs.toList()).as("run folders left").isEmpty();
    }
  }

  @Test
  @Order(2)
  void aSecondRunReusesTheUploadedRelease() throws Exception {
    Commands.Result run = gauntlet("run", plan("ssh-second", vm.clientKey(), vm.knownHosts()).toString(), "--out",
        scratch.resolve("out2").toString());
    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    Releases.results(scratch.resolve("out2"));
    assertThat(count(run.err(), "uploaded release")).as(run.err()).isZero();
    assertThat(run.err()).contains("release " + Releases.id() + " already at root@" + vm.address());
    assertThat(NetnsSshd.gauntletCommandLines(vm.processes())).isEmpty();
  }

  @Test
  @Order(3)
  void anUnknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
    Path empty = Files.writeString(scratch.resolve("empty_known_hosts"), "");
    Commands.Result run = gauntlet("run", plan("ssh-unknown", vm.clientKey(), empty).toString(), "--out",
        scratch.resolve("out3").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("The host key of root@" + vm.address() + " is not in " + empty)
        .contains(vm.hostFingerprint()).contains("StrictHostKeyChecking=accept-new").contains("ssh.accept_new");
    assertThat(Files.readString(empty)).isEmpty();
  }

  @Test
  @Order(4)
  void acceptNewAddsTheHostAsOpenSshDoes() throws Exception {
    Path fresh = scratch.resolve("fresh/known_hosts");
    Path plan = plan("ssh-accept", vm.clientKey(), fresh);
    Files.writeString(plan, Files.readString(plan).replace("ssh:\n", "ssh:\n  accept_new: true\n"));
    Commands.Result check = gauntlet("agents", plan.toString());
    assertThat(check.exit()).as(check.err() + check.out()).isZero();
    assertThat(Files.readString(fresh).trim()).isEqualTo(vm.address() + " " + vm.hostPublicKey());
  }

  @Test
  @Order(5)
  void aWrongKeyIsRefusedWithOneLineNamingIt() throws Exception {
    Commands.Result run = gauntlet("run", plan("ssh-wrong-key", vm.otherKey(), vm.knownHosts()).toString(), "--out",
        scratch.resolve("out5").toString());
    assertThat(run.exit()).isEqualTo(2);
    List<String> lines = run.err().lines().filter(l -> l.contains("refused the key")).toList();
    assertThat(lines).as(run.err()).hasSize(1);
    assertThat(lines.get(0)).contains("root@" + vm.address() + " refused the key " + vm.otherKey())
        .contains("ssh.identity_file");
  }

  @Test
  @Order(6)
  void aKeyWithAPassphraseWorksThroughSshAgent() throws Exception {
    Path key = scratch.resolve("agent-key/id_ed25519");
    Files.createDirectories(key.getParent());
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "correct horse", "-f", key.toString()))
        .orFail("ssh-keygen");
    Files.writeString(vm.dir().resolve("authorized_keys"), Files.readString(key.resolveSibling("id_ed25519.pub")),
        java.nio.file.StandardOpenOption.APPEND);
    Path socket = scratch.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
        .redirectOutput(scratch.resolve("ssh-agent.log").toFile()).start();
    try {
      Path askpass = Files.writeString(scratch.resolve("askpass.sh"), "#!/bin/sh\necho 'correct horse'\n");
      askpass.toFile().setExecutable(true);
      Map<String, String> addEnv = new java.util.HashMap<>(Releases.envWithoutJava(noJava));
      addEnv.putAll(Map.of("SSH_AUTH_SOCK", socket.toString(), "SSH_ASKPASS", askpass.toString(),
          "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0"));
      // ssh-agent makes its socket shortly after it starts; ssh-add says when it cannot reach it.
      Commands.Result add;
      long deadline = System.nanoTime() + 10_000_000_000L;
      do {
        add = Commands.run(List.of("ssh-add", key.toString()), addEnv, scratch, 20);
      } while (add.exit() != 0 && System.nanoTime() < deadline
          && !agent.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).isDone());
      add.orFail("ssh-add");
      Map<String, String> env = new java.util.HashMap<>(Releases.envWithoutJava(noJava));
      env.put("SSH_AUTH_SOCK", socket.toString());
      // identity_file names the protected key: it cannot be read here, so only the agent can sign.
      Path plan = plan("ssh-agent", key, vm.knownHosts());
      List<String> command = List.of(Releases.dir().resolve("bin/gauntlet").toString(), "agents", plan.toString());
      Commands.Result check = Commands.run(command, env, scratch, 300);
      assertThat(check.exit()).as(check.err() + check.out()).isZero();
      Commands.Result without = Commands.run(command, Releases.envWithoutJava(noJava), scratch, 300);
      assertThat(without.exit()).isEqualTo(2);
      assertThat(without.err() + without.out()).contains("protected by a passphrase");
    } finally {
      agent.destroy();
      agent.onExit().join();
    }
  }

  @Test
  @Order(7)
  void whenTheControllerDiesTheRemoteAgentExitsAndRemovesItsRunFolder() throws Exception {
    Path plan = plan("ssh-killed", vm.clientKey(), vm.knownHosts());
    Files.writeString(plan, Files.readString(plan).replace("duration: 2s", "duration: 60s"));
    Path releaseJava = vm.home().resolve(".cache/gauntlet").resolve(Releases.id()).resolve("runtime/bin/java");
    Path runs = vm.home().resolve(".cache/gauntlet/runs");
    ProcessBuilder builder = new ProcessBuilder(Releases.dir().resolve("bin/gauntlet").toString(), "run", plan.toString(),
        "--out", scratch.resolve("out7").toString())
        .redirectErrorStream(true).redirectOutput(scratch.resolve("killed.log").toFile());
    builder.environment().clear();
    builder.environment().putAll(Releases.envWithoutJava(noJava));
    Process controller = builder.start();
    try {
      // Wait (bounded) until the agent runs on the machine, then kill the controller outright.
      long deadline = System.nanoTime() + 180_000_000_000L;
      while (vm.processes().stream().noneMatch(p -> NetnsSshd.exe(p).filter(releaseJava::equals).isPresent())) {
        assertThat(controller.isAlive()).as(Files.readString(scratch.resolve("killed.log"))).isTrue();
        assertThat(System.nanoTime()).as("the remote agent did not start within 180 s").isLessThan(deadline);
        pollPause();
      }
      try (var folders = Files.list(runs)) {
        assertThat(folders.count()).as("the agent's run folder while it runs").isEqualTo(1);
      }
    } finally {
      controller.destroyForcibly().waitFor();
    }
    // The kernel closes the dead controller's TCP connection; sshd ends the session, the agent's
    // stdin ends, and it stops. Bounded wait for that, observed from outside.
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!NetnsSshd.gauntletCommandLines(vm.processes()).isEmpty() && System.nanoTime() < deadline) {
      pollPause();
    }
    assertThat(NetnsSshd.gauntletCommandLines(vm.processes())).as("Gauntlet processes left after the controller died")
        .isEmpty();
    try (var folders = Files.list(runs)) {
      assertThat(folders.toList()).as("run folders left after the controller died").isEmpty();
    }
  }

  @Test
  @Order(8)
  void noGauntletProcessIsLeftInTheNamespace() throws Exception {
    assertThat(NetnsSshd.gauntletCommandLines(vm.processes())).isEmpty();
  }
}
