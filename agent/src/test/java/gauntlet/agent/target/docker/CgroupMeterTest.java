package gauntlet.agent.target.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupMeterTest {
  private static final String MOUNT_INFO = """
      31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
      32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
      35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
      50 23 0:40 /docker/abc /mnt/with\\040space rw - cgroup cgroup rw,pids
      """;

  @Test
  void mountsAreReadWithTheirControllersAndEscapedPaths() {
    List<CgroupMeter.Mount> mounts = CgroupMeter.Mount.parseAll(MOUNT_INFO);
    assertThat(mounts).hasSize(5);
    assertThat(mounts.get(1).mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
    assertThat(mounts.get(1).superOptions()).contains("cpu", "cpuacct");
    assertThat(mounts.get(4).mountPoint()).isEqualTo(Path.of("/mnt/with space"));
  }

  @Test
  void aCgroupPathLiesUnderTheMountThatHoldsItsRoot() {
    List<CgroupMeter.Mount> mounts = CgroupMeter.Mount.parseAll(MOUNT_INFO);
    assertThat(mounts.get(2).resolve("/docker/abc")).contains(Path.of("/sys/fs/cgroup/memory/docker/abc"));
    assertThat(mounts.get(4).resolve("/docker/abc/sub")).contains(Path.of("/mnt/with space/sub"));
    assertThat(mounts.get(4).resolve("/other")).isEmpty();
  }

  @Test
  void aCgroupNotNamingTheContainerIsNotMetered() throws IOException {
    // E.g. an agent in another pid namespace reading some unrelated process's /proc entry.
    String membership = "4:memory:/user.slice\n2:cpu,cpuacct:/user.slice\n0::/user.slice\n";
    assertThat(CgroupMeter.locate(MOUNT_INFO, membership, "0123456789ab")).isEmpty();
  }
}
