package gauntlet.agent.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessIdentityTest {

  @Test
  void thisJvmIsAliveAndItsTextReadsBack() {
    ProcessIdentity self = ProcessIdentity.current();

    assertThat(self.liveness()).isEqualTo(ProcessIdentity.Liveness.ALIVE);
    assertThat(ProcessIdentity.parse(self.text())).contains(self);
    assertThat(ProcessIdentity.of(self.pid())).contains(self);
  }

  @Test
  void aProcessThatEndedIsDeadAndAReusedPidIsNotIt() throws Exception {
    ProcessIdentity ended = EndedAgents.one().process();
    ProcessIdentity self = ProcessIdentity.current();

    assertThat(ended.liveness()).isEqualTo(ProcessIdentity.Liveness.DEAD);
    // Our pid with another start time: the pid was reused by another process.
    assertThat(new ProcessIdentity(self.bootId(), self.pidNamespace(), self.pid(), self.startTicks() + 1).liveness())
        .isEqualTo(ProcessIdentity.Liveness.DEAD);
  }

  @Test
  void anotherBootOrNamespaceProvesNothingHere() {
    ProcessIdentity self = ProcessIdentity.current();

    assertThat(new ProcessIdentity("another-boot", self.pidNamespace(), self.pid(), self.startTicks()).liveness())
        .isEqualTo(ProcessIdentity.Liveness.OTHER_BOOT);
    assertThat(new ProcessIdentity(self.bootId(), "pid:[1]", self.pid(), self.startTicks() + 1).liveness())
        .isEqualTo(ProcessIdentity.Liveness.UNKNOWN);
  }

  @Test
  void textThatIsNoIdentityParsesToEmpty() {
    assertThat(ProcessIdentity.parse(null)).isEmpty();
    assertThat(ProcessIdentity.parse("")).isEmpty();
    assertThat(ProcessIdentity.parse("a/b/c")).isEmpty();
    assertThat(ProcessIdentity.parse("boot/pid:[1]/x/1")).isEmpty();
  }
}
