package io.redisproxy.proxy.mirror;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.resp.RespRequest;
import io.redisproxy.proxy.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds one RESP command from new words and arguments of a request, copied once. */
final class CommandBuilder {
  private final List<Object> args = new ArrayList<>(8);

  CommandBuilder word(String word) {
    args.add(word.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  CommandBuilder number(long value) {
    return word(Long.toString(value));
  }

  /** Argument {@code arg} of {@code request}, as the client sent it. */
  CommandBuilder arg(RespRequest request, int arg) {
    args.add(request.slice(arg));
    return this;
  }

  /** Arguments {@code from} (inclusive) to {@code to} (exclusive) of {@code request}. */
  CommandBuilder args(RespRequest request, int from, int to) {
    for (int i = from; i < to; i++) {
      arg(request, i);
    }
    return this;
  }

  /** The content of a bulk reply (or of an element of one), as the server sent it. */
  CommandBuilder bulk(ByteBuf bulkReply) {
    int start = bulkReply.readerIndex();
    int cr = bulkReply.indexOf(start, bulkReply.writerIndex(), (byte) '\r');
    if (bulkReply.getByte(start) != '$') {
      // A RESP3 client's double (ZINCRBY) or another one-line value: its text is the argument.
      args.add(bulkReply.slice(start + 1, cr - start - 1));
      return this;
    }
    int length =
        Integer.parseInt(bulkReply.toString(start + 1, cr - start - 1, StandardCharsets.US_ASCII));
    args.add(bulkReply.slice(cr + 2, length));
    return this;
  }

  ByteBuf build(ByteBufAllocator alloc) {
    int size = 16;
    for (Object arg : args) {
      size += 16 + (arg instanceof byte[] bytes ? bytes.length : ((ByteBuf) arg).readableBytes());
    }
    ByteBuf frame = alloc.buffer(size);
    RespWriter.arrayHeader(frame, args.size());
    for (Object arg : args) {
      if (arg instanceof byte[] bytes) {
        RespWriter.bulk(frame, bytes);
      } else {
        ByteBuf slice = (ByteBuf) arg;
        RespWriter.bulk(frame, slice, slice.readerIndex(), slice.readableBytes());
      }
    }
    return frame;
  }
}
