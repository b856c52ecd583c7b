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
 * form, inside a script that first looks for keys to be copied piece by piece. Without REPLACE: a
 * key the target has already is left where it is on both, and the reply says BUSYKEY (see {@link
 * KeyMoveGate}).
 */
final class MigrateCommand {
  private MigrateCommand() {}

  /** What a gated move answers when a key of it is being copied piece by piece. */
  static final String STAGED = "STAGED";

  // One step on the previous shard, atomic there: wait for a key being copied piece by piece
  // (its outgoing name exists), hand one larger than a batch to the mover (renamed so, and
  // queued), or MIGRATE them all. Hashes of a server whose fields may have TTLs go whole.
  private static final String SCRIPT =
      """
      local limit = tonumber(ARGV[1])
      local version = redis.REDIS_VERSION_NUM or 0
      local staged = false
      for _, key in ipairs(KEYS) do
        local out = '%s' .. key
        if redis.call('EXISTS', out) == 1 then
          staged = true
        else
          local size = redis.call('MEMORY', 'USAGE', key)
          if size and size > limit then
            local t = redis.call('TYPE', key)['ok']
            if t == 'set' or t == 'zset' or t == 'list' or t == 'string'
                or (t == 'hash' and version < 0x070400) then
              redis.call('RENAME', key, out)
              redis.call('SADD', '%s', key)
              staged = true
            end
          end
        end
      end
      if staged then return {ok = '%s'} end
      return redis.call('MIGRATE', unpack(ARGV, 2))
      """
          .formatted(StagedKeys.OUTGOING_PREFIX, StagedKeys.QUEUE, STAGED);

  /**
   * The move of {@code keys} from the server it is sent to onto {@code target}: MIGRATE's answer,
   * or {@link #STAGED} when one of them is being copied piece by piece, or is large enough to be
   * (it is queued for the mover then, see {@link StagedKeys}); nothing moved then.
   */
  static ByteBuf frame(ByteBufAllocator alloc, Node target, long timeoutMillis, List<byte[]> keys) {
    List<byte[]> args = new ArrayList<>(2 * keys.size() + 14);
    args.add(ascii("EVAL"));
    args.add(SCRIPT.getBytes(StandardCharsets.US_ASCII));
    args.add(ascii(Integer.toString(keys.size())));
    args.addAll(keys);
    args.add(ascii(Long.toString(StagedKeys.LARGE_KEY_BYTES)));
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

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
