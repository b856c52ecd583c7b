package io.redisproxy.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Asks the kernel for a port nobody listens on; the caller must be ready to lose a race for it. */
public final class FreePorts {
  private FreePorts() {}

  /** A free port on 127.0.0.1. */
  public static int loopback() {
    return pick("127.0.0.1");
  }

  static int pick(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new RedisServerException(
          "Cannot find a free port on " + host + ": " + e.getMessage(), e);
    }
  }
}
