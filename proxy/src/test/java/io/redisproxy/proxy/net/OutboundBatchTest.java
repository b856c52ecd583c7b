package io.redisproxy.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundBatchTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
  private final OutboundBatch output = new OutboundBatch(ctx);

  @AfterEach
  void close() {
    output.discard();
    channel.finishAndReleaseAll();
  }

  @Test
  void writesSmallAndLargeFramesInTheOrderAdded() {
    output.add(ascii("+small\r\n"));
    output.add(ascii("$2000\r\n" + "x".repeat(2000) + "\r\n"));
    output.add(ascii("+after\r\n"));
    output.flush();

    assertThat(written()).isEqualTo("+small\r\n$2000\r\n" + "x".repeat(2000) + "\r\n+after\r\n");
  }

  @Test
  void countsTheBytesAddedSinceTheLastFlush() {
    output.add(ascii("+OK\r\n"));
    ByteBuf kept = ascii("$2000\r\n" + "x".repeat(2000) + "\r\n");
    output.addCopy(kept);

    assertThat(output.unflushedBytes()).isEqualTo(5 + kept.readableBytes());
    assertThat(channel.outboundMessages()).as("nothing is flushed yet").isEmpty();

    output.flush();
    assertThat(output.unflushedBytes()).isZero();
    assertThat(written()).isEqualTo("+OK\r\n" + kept.toString(StandardCharsets.US_ASCII));
    assertThat(kept.refCnt()).as("a copy leaves the caller's frame to the caller").isEqualTo(1);
    kept.release();
  }

  private String written() {
    StringBuilder text = new StringBuilder();
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      text.append(buf.toString(StandardCharsets.US_ASCII));
      buf.release();
    }
    return text.toString();
  }

  private static ByteBuf ascii(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
  }
}
