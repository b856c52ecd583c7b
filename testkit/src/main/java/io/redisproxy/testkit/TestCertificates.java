package io.redisproxy.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate it signed for 127.0.0.1 and localhost, as PEM
 * files made by openssl, valid for two days.
 *
 * @param caCert the authority's certificate: what clients trust
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey) {

  /** Makes them under {@code dir}; {@code name} keeps several sets apart. */
  public static TestCertificates create(Path dir, String name) {
    Path caKey = dir.resolve(name + "-ca.key");
    Path caCert = dir.resolve(name + "-ca.crt");
    Path serverKey = dir.resolve(name + "-server.key");
    Path request = dir.resolve(name + "-server.csr");
    Path serverCert = dir.resolve(name + "-server.crt");
    Path extensions = dir.resolve(name + "-san.cnf");
    try {
      Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
      openssl(
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "2",
          "-subj",
          "/CN=" + name + "-test-ca",
          "-keyout",
          caKey.toString(),
          "-out",
          caCert.toString());
      openssl(
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-subj",
          "/CN=localhost",
          "-keyout",
          serverKey.toString(),
          "-out",
          request.toString());
      openssl(
          "x509",
          "-req",
          "-in",
          request.toString(),
          "-CA",
          caCert.toString(),
          "-CAkey",
          caKey.toString(),
          "-CAcreateserial",
          "-days",
          "2",
          "-extfile",
          extensions.toString(),
          "-out",
          serverCert.toString());
    } catch (IOException e) {
      throw new RedisServerException("cannot write certificates under " + dir, e);
    }
    return new TestCertificates(caCert, serverCert, serverKey);
  }

  private static void openssl(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new RedisServerException(
          "openssl not found: install it with `apt-get install -y openssl`", e);
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new RedisServerException("openssl " + args[0] + " did not finish in 30 s");
      }
      String output = new String(process.getInputStream().readAllBytes());
      if (process.exitValue() != 0) {
        throw new RedisServerException("openssl " + String.join(" ", args) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisServerException("interrupted while running openssl", e);
    }
  }
}
