package io.redisproxy.testkit;

/** A test JVM that starts a server, reports it, and crashes without closing it. */
public final class CrashingTestMain {
  private CrashingTestMain() {}

  public static void main(String[] args) {
    RedisServer server = RedisServer.start();
    System.out.println("started pid=" + server.pid() + " port=" + server.port());
    System.out.flush();
    throw new IllegalStateException("simulated test crash");
  }
}
