package dev.cratetrust.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedHostsResolverProviderTest {

  @Test
  void pinnedHostResolvesToThePinnedAddressesOnly() throws Exception {
    InetAddress checked = InetAddress.getByName("93.184.215.14");
    Closeable pin = PinnedHostsResolverProvider.pin("Pinned-1.Example.ORG", List.of(checked));
    try {
      InetAddress[] answer = InetAddress.getAllByName("pinned-1.example.org");
      assertThat(answer).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
      assertThat(answer[0].getHostName()).isEqualTo("pinned-1.example.org");
    } finally {
      pin.close();
    }
    assertThat(PinnedHostsResolverProvider.pinned("pinned-1.example.org")).isNull();
  }

  @Test
  void unpinnedHostsUseTheBuiltinResolver() {
    assertThatThrownBy(() -> InetAddress.getAllByName("not-pinned.invalid"))
        .isInstanceOf(UnknownHostException.class);
    assertThat(InetAddress.getLoopbackAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void pinsAreCountedAndTheFirstWins() throws Exception {
    InetAddress first = InetAddress.getByName("93.184.215.14");
    InetAddress second = InetAddress.getByName("93.184.215.15");
    Closeable a = PinnedHostsResolverProvider.pin("pinned-2.example.org", List.of(first));
    Closeable b = PinnedHostsResolverProvider.pin("pinned-2.example.org", List.of(second));
    assertThat(PinnedHostsResolverProvider.pinned("pinned-2.example.org")).containsExactly(first);
    a.close();
    a.close();
    assertThat(PinnedHostsResolverProvider.pinned("pinned-2.example.org")).containsExactly(first);
    b.close();
    assertThat(PinnedHostsResolverProvider.pinned("pinned-2.example.org")).isNull();
  }
}
