package io.redisproxy.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Asks the kernel for a port nobody listens on; the caller must be ready to lose a race for it. */
final class FreePorts {
  private FreePorts() {}

  static int pick(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new RedisServerException(
          "Cannot find a free port on " + host + ": " + e.getMessage(), e);
    }
  }
}
