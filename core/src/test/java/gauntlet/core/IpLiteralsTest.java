package gauntlet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
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

  @Test
  void literalsAreParsedWithoutALookupAndNamesAreNot() throws Exception {
    assertThat(IpLiterals.parse("10.0.0.9")).contains(InetAddress.getByAddress(new byte[] {10, 0, 0, 9}));
    assertThat(IpLiterals.parse("[::1]")).contains(InetAddress.getByName("::1"));
    assertThat(IpLiterals.parse("fd00::3")).contains(InetAddress.getByName("fd00::3"));
    assertThat(IpLiterals.parse("target.local")).isEmpty();
    assertThat(IpLiterals.parse("999.1.1.1")).isEmpty();
    assertThat(IpLiterals.parse("1.2.3")).isEmpty();
    assertThat(IpLiterals.parse("localhost")).isEmpty();
  }
}
