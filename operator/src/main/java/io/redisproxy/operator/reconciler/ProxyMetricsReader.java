package io.redisproxy.operator.reconciler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads {@code /metrics} of running proxies, all at once and bounded in time: a proxy that does not
 * answer within the timeout is left out, and never holds up the reconciler for longer.
 */
final class ProxyMetricsReader {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** The metrics text of each proxy at {@code ip:adminPort} that answered. */
  List<String> read(List<String> ips, int adminPort) {
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (String ip : ips) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://" + host(ip) + ":" + adminPort + "/metrics"))
              .timeout(TIMEOUT)
              .build();
      pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : pending) {
      try {
        HttpResponse<String> response =
            answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (response.statusCode() == 200) {
          answers.add(response.body());
        }
      } catch (ExecutionException | TimeoutException e) {
        answer.cancel(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answers;
      }
    }
    return answers;
  }

  private static String host(String ip) {
    return ip.contains(":") ? "[" + ip + "]" : ip;
  }
}
