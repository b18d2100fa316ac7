package gauntlet.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentAddressesTest {
  @Test
  void readsLocalHostPortAndBracketedIpv6() {
    assertThat(AgentAddresses.parse("a", "local")).isEqualTo(AgentEndpoint.local("a"));
    assertThat(AgentAddresses.parse("a", "10.0.0.2:7070")).isEqualTo(new AgentEndpoint("a", "10.0.0.2", 7070));
    assertThat(AgentAddresses.parse("a", "box.tail1234.ts.net:7070"))
        .isEqualTo(new AgentEndpoint("a", "box.tail1234.ts.net", 7070));
    AgentEndpoint v6 = AgentAddresses.parse("a", "[::1]:7070");
    assertThat(v6).isEqualTo(new AgentEndpoint("a", "::1", 7070));
    assertThat(v6.toString()).isEqualTo("[::1]:7070");
    assertThat(AgentAddresses.parse("a", "[fe80::1%eth0]:1").host()).isEqualTo("fe80::1%eth0");
    assertThat(AgentAddresses.parse("a", "[::ffff:10.0.0.1]:1").host()).isEqualTo("::ffff:10.0.0.1");
  }

  @Test
  void sshAddressesNameUserHostAndPort() {
    AgentEndpoint vm = AgentAddresses.parse("vm", "ssh://root@203.0.113.7", "me");
    assertThat(vm.ssh()).contains(new SshAddress("root", "203.0.113.7", 22));
    assertThat(vm.host()).isEqualTo("203.0.113.7");
    assertThat(vm.reachableHost()).isEqualTo("203.0.113.7");
    assertThat(vm.toString()).isEqualTo("ssh://root@203.0.113.7");
    assertThat(AgentAddresses.parse("vm", "ssh://box.example.org:2222", "me").ssh())
        .contains(new SshAddress("me", "box.example.org", 2222));
    assertThat(AgentAddresses.parse("vm", "ssh://ops@[fd00::2]:2200", "me").ssh())
        .contains(new SshAddress("ops", "fd00::2", 2200));
    assertThatThrownBy(() -> AgentAddresses.parse("vm", "ssh://root:secret@host", "me"))
        .hasMessageStartingWith("must not carry a password").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> AgentAddresses.parse("vm", "ssh://root@host/x", "me"))
        .hasMessageStartingWith("must be ssh://user@host[:port] without a path");
    assertThatThrownBy(() -> AgentAddresses.parse("vm", "ssh://root@host:99999", "me"))
        .hasMessageStartingWith("needs a port between 1 and 65535");
  }

  @Test
  void ipv6SyntaxIsCheckedWithoutLookups() {
    assertThat(AgentAddresses.isIpv6("2001:db8:0:0:0:0:0:1")).isTrue();
    assertThat(AgentAddresses.isIpv6("2001:db8::1")).isTrue();
    assertThat(AgentAddresses.isIpv6("::")).isTrue();
    assertThat(AgentAddresses.isIpv6("1::2::3")).isFalse();
    assertThat(AgentAddresses.isIpv6("12345::1")).isFalse();
    assertThat(AgentAddresses.isIpv6("1:2:3:4:5:6:7")).isFalse();
    assertThat(AgentAddresses.isIpv6("::ffff:300.0.0.1")).isFalse();
    assertThat(AgentAddresses.isIpv6("fe80::1%")).isFalse();
  }

  @Test
  void badAddressesSayWhatToWrite() {
    assertThatThrownBy(() -> AgentAddresses.parse("a", "host")).hasMessageStartingWith("needs a port, e.g. 'host:7070'");
    assertThatThrownBy(() -> AgentAddresses.parse("a", "host:0")).hasMessageStartingWith("needs a port between 1 and 65535");
    assertThatThrownBy(() -> AgentAddresses.parse("a", "host:x")).hasMessageStartingWith("needs a port between 1 and 65535");
    assertThatThrownBy(() -> AgentAddresses.parse("a", "[::1]")).hasMessageStartingWith("needs a port after");
    assertThatThrownBy(() -> AgentAddresses.parse("a", "::1:7070")).hasMessageStartingWith("IPv6 addresses need brackets");
    assertThatThrownBy(() -> AgentAddresses.parse("a", "-bad-:7070")).hasMessageStartingWith("has an invalid host name");
    assertThatThrownBy(() -> AgentAddresses.parse("a", ":7070")).hasMessageStartingWith("has an invalid host name");
  }
}
