package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {

  @Test
  void theTarHoldsEveryFileWithItsParentsModesAndContent(@TempDir Path dir) throws IOException {
    Path real = Files.writeString(dir.resolve("libdemo.so.1.2"), "ELF pretend");
    Path link = Files.createSymbolicLink(dir.resolve("libdemo.so.1"), real);
    BuildContext context = new BuildContext()
        .addFile("Dockerfile", "FROM scratch\n".getBytes(StandardCharsets.UTF_8), 0644)
        .addHostFile("rootfs/lib/x86_64-linux-gnu/libdemo.so.1", link, 0755)
        .addFolder("rootfs/tmp", 01777);
    Path tar = dir.resolve("context.tar");

    context.writeTar(tar);

    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    Map<String, String> contents = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
        entries.put(entry.getName(), entry);
        if (entry.isFile()) {
          contents.put(entry.getName(), new String(archive.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(entries.keySet()).containsExactly(
        "Dockerfile", "rootfs/", "rootfs/lib/", "rootfs/lib/x86_64-linux-gnu/",
        "rootfs/lib/x86_64-linux-gnu/libdemo.so.1", "rootfs/tmp/");
    assertThat(contents).containsEntry("rootfs/lib/x86_64-linux-gnu/libdemo.so.1", "ELF pretend")
        .as("a symbolic link is copied as the file it points to");
    assertThat(entries.get("rootfs/lib/x86_64-linux-gnu/libdemo.so.1").getMode() & 07777).isEqualTo(0755);
    assertThat(entries.get("rootfs/tmp/").getMode() & 07777).isEqualTo(01777);
    assertThat(entries.get("Dockerfile").getMode() & 07777).isEqualTo(0644);
  }

  @Test
  void pathsOutsideTheContextAreRefused() {
    assertThatThrownBy(() -> new BuildContext().addFile("../etc/passwd", new byte[0], 0644))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../etc/passwd");
  }

  @Test
  void aFileCannotReplaceAFolder() {
    BuildContext context = new BuildContext().addFile("rootfs/app/server.js", new byte[0], 0644);
    assertThatThrownBy(() -> context.addFile("rootfs/app", new byte[0], 0644))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rootfs/app");
  }
}
