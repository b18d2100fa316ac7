package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerProxiesTest {
  // dockerd 20.10's command line for -p 127.0.0.1:23457:23457, as /proc/PID/cmdline holds it.
  private static final String PROXY = argv("/usr/sbin/docker-proxy", "-proto", "tcp", "-host-ip", "127.0.0.1",
      "-host-port", "23457", "-container-ip", "172.17.0.2", "-container-port", "23457");

  private static String argv(String... args) {
    return String.join("\0", args) + "\0";
  }

  @TempDir
  Path proc;

  private void process(String pid, String cmdline) throws IOException {
    Files.createDirectories(proc.resolve(pid));
    Files.write(proc.resolve(pid).resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsTheProxyRelayingThePortAndSaysWhereItRelaysTo() throws IOException {
    process("4242", PROXY);
    process("4243", PROXY.replace("23457", "3000"));
    process("1", argv("/sbin/init"));
    process("self", argv("not a pid"));

    assertThat(new DockerProxies(proc).serving(23457))
        .contains("docker-proxy pid 4242 (127.0.0.1:23457 -> 172.17.0.2:23457)");
    assertThat(new DockerProxies(proc).serving(3000)).get().asString().startsWith("docker-proxy pid 4243 ");
  }

  @Test
  void noProxyForAnotherPortOrProtocolOrProcess() throws IOException {
    process("4242", PROXY.replace("tcp", "udp"));
    process("4243", argv("/usr/bin/python3", "-host-port", "23457"));

    assertThat(new DockerProxies(proc).serving(23457)).isEmpty();
    assertThat(new DockerProxies(proc).serving(1)).isEmpty();
  }

  @Test
  void aMissingProcIsNoProxyRatherThanAFailure() {
    assertThat(new DockerProxies(proc.resolve("absent")).serving(23457)).isEmpty();
  }
}
