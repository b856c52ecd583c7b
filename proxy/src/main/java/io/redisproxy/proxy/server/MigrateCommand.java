package io.redisproxy.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.redisproxy.proxy.config.UpstreamConfig.UpstreamAuth;
import io.redisproxy.proxy.resp.RequestDecoder;
import io.redisproxy.proxy.route.StagedKeys;
import io.redisproxy.proxy.upstream.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code MIGRATE} of a few keys from the server it is sent to onto {@code target}, in its KEYS
 * form. Without REPLACE: a key the target has already is left where it is on both, and the reply
 * says BUSYKEY (see {@link KeyMoveGate}).
 */
final class MigrateCommand {
  private MigrateCommand() {}

  static ByteBuf frame(ByteBufAllocator alloc, Node target, long timeoutMillis, List<byte[]> keys) {
    List<byte[]> args = new ArrayList<>(keys.size() + 11);
    args.add(ascii("MIGRATE"));
    args.add(ascii(target.address().host()));
    args.add(ascii(Integer.toString(target.address().port())));
    args.add(new byte[0]);
    args.add(ascii("0"));
    args.add(ascii(Long.toString(timeoutMillis)));
    UpstreamAuth auth = target.auth();
    if (auth != null && auth.enabled()) {
      if (auth.username() != null) {
        args.add(ascii("AUTH2"));
        args.add(auth.username().getBytes(StandardCharsets.UTF_8));
      } else {
        args.add(ascii("AUTH"));
      }
      args.add(auth.password().getBytes(StandardCharsets.UTF_8));
    }
    args.add(ascii("KEYS"));
    args.addAll(keys);
    return RequestDecoder.encode(args, alloc).frame();
  }

  /**
   * UNLINK of {@code keys}: what is left of them on a server they moved away from, freed in the
   * server's background (a large key's DEL is slow).
   */
  static ByteBuf delete(ByteBufAllocator alloc, List<byte[]> keys) {
    List<byte[]> args = new ArrayList<>(keys.size() + 1);
    args.add(ascii("UNLINK"));
    args.addAll(keys);
    return RequestDecoder.encode(args, alloc).frame();
  }

  /**
   * EXISTS of the outgoing names of {@code keys} (see {@link StagedKeys}): sent right behind a
   * MIGRATE on its connection, a count above 0 says a key was being copied piece by piece.
   */
  static ByteBuf staged(ByteBufAllocator alloc, List<byte[]> keys) {
    List<byte[]> args = new ArrayList<>(keys.size() + 1);
    args.add(ascii("EXISTS"));
    for (byte[] key : keys) {
      args.add(StagedKeys.outgoing(key));
    }
    return RequestDecoder.encode(args, alloc).frame();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
