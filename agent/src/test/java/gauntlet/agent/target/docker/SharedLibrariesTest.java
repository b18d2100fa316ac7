package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gauntlet.agent.target.TargetException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SharedLibrariesTest {

  @Test
  void everyResolvedLibraryAndTheLoaderAreListedButNotTheVdso() throws TargetException {
    String ldd = """
        \tlinux-vdso.so.1 (0x00007ffd5d1f2000)
        \tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f59aea00000)
        \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f59ae81e000)
        \t/lib64/ld-linux-x86-64.so.2 (0x00007f59aed6e000)
        """;
    assertThat(SharedLibraries.parse(Path.of("/usr/bin/node"), ldd)).containsExactly(
        Path.of("/lib/x86_64-linux-gnu/libstdc++.so.6"),
        Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
        Path.of("/lib64/ld-linux-x86-64.so.2"));
  }

  @Test
  void aMissingLibraryIsNamed() {
    String ldd = "\tlibicuuc.so.72 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0)\n";
    assertThatThrownBy(() -> SharedLibraries.parse(Path.of("/opt/node"), ldd))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("/opt/node").hasMessageContaining("libicuuc.so.72");
  }

  @Test
  void theJavaRuntimeOnThisHostNeedsLibcAndTheLoader() throws TargetException {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    assertThat(SharedLibraries.of(java))
        .anyMatch(lib -> lib.getFileName().toString().startsWith("libc.so"))
        .anyMatch(lib -> lib.getFileName().toString().startsWith("ld-linux"));
  }
}
