package gauntlet.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit and the cloud-init file pass their own tools' checks. */
class DeployFilesIT {

  @Test
  void theUnitPassesSystemdAnalyzeVerify(@TempDir Path dir) throws Exception {
    assumeTrue(Commands.available("systemd-analyze"), "systemd-analyze missing: scripts/setup.sh --tests installs systemd");
    String unit = Files.readString(Releases.repo().resolve("deploy/systemd/gauntlet-agent.service"));
    assertThat(unit).contains("ExecStart=/opt/gauntlet/bin/gauntlet agent");
    // verify checks that ExecStart's program exists: point the unit at the release this build
    // made instead of /opt/gauntlet (its documented install place), and change nothing else.
    Path copy = dir.resolve("gauntlet-agent.service");
    Files.writeString(copy, unit.replace("/opt/gauntlet", Releases.dir().toString()));
    Commands.Result verify = Commands.run(List.of("systemd-analyze", "verify", copy.toString()));
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.err()).isEmpty();

    Path broken = dir.resolve("broken.service");
    Files.writeString(broken, Files.readString(copy).replace("Restart=on-failure", "Restart=sometimes"));
    assertThat(Commands.run(List.of("systemd-analyze", "verify", broken.toString())).err())
        .as("verify must see a bad setting, or the check above proves nothing").contains("restart specifier");
  }

  @Test
  void theCloudConfigPassesCloudInitSchema(@TempDir Path dir) throws Exception {
    assumeTrue(Commands.available("cloud-init"), "cloud-init missing: scripts/setup.sh --tests installs it");
    Path config = Releases.repo().resolve("deploy/cloud-init/agent.yaml");
    Commands.Result schema = Commands.run(List.of("cloud-init", "schema", "--config-file", config.toString()));
    assertThat(schema.exit()).as(schema.err() + schema.out()).isZero();
    assertThat(schema.out()).contains("Valid");

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, Files.readString(config).replace("package_update: true", "package_update: often"));
    assertThat(Commands.run(List.of("cloud-init", "schema", "--config-file", broken.toString())).exit())
        .as("schema must reject a bad value, or the check above proves nothing").isNotZero();
  }
}
