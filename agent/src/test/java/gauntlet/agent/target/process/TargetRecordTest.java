package gauntlet.agent.target.process;

import static org.assertj.core.api.Assertions.assertThat;

import gauntlet.agent.target.AgentInstance;
import gauntlet.agent.target.ProcessIdentity;
import gauntlet.agent.target.TargetLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetRecordTest {

  @Test
  void aRecordReadsBackAsWrittenAtEachStepOfAStart(@TempDir Path folder) {
    AgentInstance owner = new AgentInstance("instance-1", new ProcessIdentity("boot-1", "pid:[4026531836]", 42, 4242));
    TargetRecord created = TargetRecord.of(new TargetLabels("run 1", "session-1", "agent-a", "cell", owner));
    created.writeTo(folder);
    assertThat(TargetRecord.readFrom(folder)).contains(created);

    TargetRecord started = created
        .withCgroups(List.of(Path.of("/sys/fs/cgroup/cpu/gauntlet-a"), Path.of("/sys/fs/cgroup/memory/x/gauntlet-a")))
        .withProcess(new ProcessIdentity("boot-1", "pid:[4026531836]", 43, 4343));
    started.writeTo(folder);

    assertThat(TargetRecord.readFrom(folder)).contains(started);
    assertThat(started.owner()).isEqualTo(owner.process());
    assertThat(folder.resolve(TargetRecord.FILE + ".new")).doesNotExist();
  }

  @Test
  void aFolderWithoutARecordOrWithAnotherFileHasNone(@TempDir Path folder) throws Exception {
    assertThat(TargetRecord.readFrom(folder)).isEmpty();
    Files.writeString(folder.resolve(TargetRecord.FILE), "owner=not an identity\n");
    assertThat(TargetRecord.readFrom(folder)).isEmpty();
  }
}
