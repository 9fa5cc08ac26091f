package docplanner.gateway.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

  @Test
  void matchesIpv4AndIpv6Networks() {
    assertThat(Cidr.parse("10.1.0.0/16").contains("10.1.200.3")).isTrue();
    assertThat(Cidr.parse("10.1.0.0/16").contains("10.2.0.1")).isFalse();
    assertThat(Cidr.parse("192.168.1.7").contains("192.168.1.7")).isTrue();
    assertThat(Cidr.parse("192.168.1.7").contains("192.168.1.8")).isFalse();
    assertThat(Cidr.parse("10.0.0.0/9").contains("10.127.255.255")).isTrue();
    assertThat(Cidr.parse("10.0.0.0/9").contains("10.128.0.0")).isFalse();
    assertThat(Cidr.parse("2001:db8::/32").contains("2001:db8:1::5")).isTrue();
    assertThat(Cidr.parse("2001:db8::/32").contains("2001:db9::5")).isFalse();
    assertThat(Cidr.parse("127.0.0.0/8").contains("::ffff:127.0.0.1")).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
  }

  @Test
  void refusesHostNamesAndBadPrefixes() {
    assertThatThrownBy(() -> Cidr.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Cidr.parse("10.0.0.0/8").contains("not-an-ip")).isFalse();
  }
}
