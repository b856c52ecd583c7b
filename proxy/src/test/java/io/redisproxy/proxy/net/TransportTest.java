package io.redisproxy.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

class TransportTest {

  @Test
  void autoPrefersIoUringThenEpollThenNio() {
    String expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
    assertThat(Transport.named("auto").name()).isEqualTo(expected);
    assertThat(Transport.whyNotIoUring() == null).isEqualTo(IoUring.isAvailable());
  }

  @Test
  void anUnknownNameIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> Transport.named("kqueue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown transport 'kqueue': use one of auto, io_uring, epoll, nio");
  }

  @Test
  void nioIsAvailableEverywhere() {
    assertThat(Transport.named("nio").socketChannel().getSimpleName())
        .isEqualTo("NioSocketChannel");
  }
}
