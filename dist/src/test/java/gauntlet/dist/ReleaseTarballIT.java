package gauntlet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tarball unpacks anywhere and runs on its own Java runtime, with no java on PATH. */
class ReleaseTarballIT {
  private static Path scratch;
  private static Path release;
  private static Path noJava;

  @BeforeAll
  static void unpack() throws Exception {
    scratch = Files.createTempDirectory("gd-release");
    Commands.run(List.of("tar", "-xzf", Releases.tarball().toString(), "-C", scratch.toString())).orFail("tar");
    try (var list = Files.list(scratch)) {
      release = list.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    noJava = Releases.pathWithoutJava(scratch);
  }

  @AfterAll
  static void clean() {
    Commands.deleteTree(scratch);
  }

  @Test
  void theTarballHoldsTheRuntimeTheJarTheLauncherTheUnitAndTheReadme() {
    assertThat(release.getFileName().toString()).isEqualTo(Releases.tarball().getFileName().toString()
        .replace(".tar.gz", ""));
    for (String file : List.of("bin/gauntlet", "runtime/bin/java", "lib/gauntlet.jar", "systemd/gauntlet-agent.service",
        "README.md", "RELEASE")) {
      assertThat(release.resolve(file)).as(file).isRegularFile();
    }
    assertThat(release.resolve("bin/gauntlet")).isExecutable();
    // jlink's image has no javac: only the modules Gauntlet needs.
    assertThat(release.resolve("runtime/bin/javac")).doesNotExist();
  }

  @Test
  void theJarCarriesLinuxX8664NativesOnly() throws Exception {
    try (ZipFile jar = new ZipFile(release.resolve("lib/gauntlet.jar").toFile())) {
      List<String> natives = jar.stream().map(e -> e.getName())
          .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".jnilib") || n.endsWith(".dylib")
              || n.endsWith(".a"))
          .toList();
      assertThat(natives).isNotEmpty().allSatisfy(n -> assertThat(n).containsAnyOf("x86_64", "x86-64"))
          .noneMatch(n -> n.contains("osx") || n.contains("windows") || n.contains("darwin") || n.contains("win32"));
    }
  }

  @Test
  void versionRunsWithoutJavaOnPath() {
    assertThat(Commands.run(List.of("sh", "-c", "command -v java"), Releases.envWithoutJava(noJava), null, 10).exit())
        .as("java must not be on the test's PATH").isNotZero();
    Commands.Result version = Commands.run(List.of(release.resolve("bin/gauntlet").toString(), "--version"),
        Releases.envWithoutJava(noJava), scratch, 60);
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(version.out().trim()).isEqualTo("gauntlet " + Releases.id().replaceFirst("-[0-9a-f]{12}$", ""));
  }

  @Test
  void aLoadRecordsItsClassArchiveOnceAndTheNextStartsFromIt() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      exchange.close();
    });
    server.start();
    try {
      List<String> load = List.of(release.resolve("bin/gauntlet").toString(), "load", "-t1", "-c2", "-d1",
          "http://127.0.0.1:" + server.getAddress().getPort() + "/");
      Path archives = noJava.resolveSibling("xdg-cache").resolve("gauntlet-cds");

      Commands.Result first = Commands.run(load, Releases.envWithoutJava(noJava), scratch, 120);
      assertThat(first.exit()).as(first.err()).isZero();
      assertThat(first.err()).contains("also records the class archive");
      Path archive;
      try (var recorded = Files.find(archives, 2, (path, attributes) -> path.endsWith("load.jsa"))) {
        archive = recorded.findFirst().orElseThrow(() -> new AssertionError("no load.jsa under " + archives));
      }
      assertThat(archive.getParent().getFileName().toString())
          .startsWith(Files.readString(release.resolve("RELEASE")).trim() + "-");
      assertThat(archive).isNotEmptyFile();

      java.util.Map<String, String> logCds = new java.util.HashMap<>(Releases.envWithoutJava(noJava));
      logCds.put("GAUNTLET_JAVA_OPTS", "-Xlog:cds=info");
      Commands.Result second = Commands.run(load, logCds, scratch, 120);
      assertThat(second.exit()).as(second.err()).isZero();
      assertThat(second.err()).doesNotContain("records the class archive");
      assertThat(second.out()).contains("Mapped dynamic region");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theDemoRunsWithoutJavaOnPath() throws Exception {
    Path out = scratch.resolve("demo-out");
    Commands.Result demo = Commands.run(List.of(release.resolve("bin/gauntlet").toString(), "demo", "--duration", "2s",
        "--out", out.toString()), Releases.envWithoutJava(noJava), scratch, 600);
    assertThat(demo.exit()).as(demo.err() + demo.out()).isZero();
    assertThat(demo.out()).contains("3 of 3 cells done");
    assertThat(out.resolve("ledger.md")).isRegularFile();
    assertThat(Releases.results(out).get("cells")).hasSize(3);
  }
}
