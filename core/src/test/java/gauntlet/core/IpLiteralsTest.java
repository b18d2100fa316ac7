package gauntlet.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpLiteralsTest {

  @Test
  void ipv6LiteralsAreBracketedOnceAndUnbracketed() {
    assertThat(IpLiterals.bracket("::1")).isEqualTo("[::1]");
    assertThat(IpLiterals.bracket("[::1]")).isEqualTo("[::1]");
    assertThat(IpLiterals.bracket("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(IpLiterals.bracket("target.local")).isEqualTo("target.local");
    assertThat(IpLiterals.unbracket("[fd00::3]")).isEqualTo("fd00::3");
    assertThat(IpLiterals.unbracket("fd00::3")).isEqualTo("fd00::3");
    assertThat(IpLiterals.hostPort("fd00::3", 7070)).isEqualTo("[fd00::3]:7070");
    assertThat(IpLiterals.hostPort("10.0.0.2", 7070)).isEqualTo("10.0.0.2:7070");
  }
}
