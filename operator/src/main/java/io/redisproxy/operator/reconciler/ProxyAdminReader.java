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
 * Reads a page of running proxies' admin port ({@code /metrics}, {@code /resharding}), all at once
 * and bounded in time: a proxy that does not answer within the timeout never holds up the
 * reconciler for longer.
 */
final class ProxyAdminReader {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /**
   * What one proxy answered.
   *
   * @param body the page, or null when it did not answer it
   * @param error why not, or null
   */
  record Answer(String ip, String body, String error) {}

  /** The page at {@code path} of each proxy at {@code ip:adminPort} that answered it. */
  List<String> read(List<String> ips, int adminPort, String path) {
    return answers(ips, adminPort, path).stream()
        .filter(answer -> answer.body() != null)
        .map(Answer::body)
        .toList();
  }

  /** The answer of each proxy at {@code ip:adminPort} to {@code path}, in {@code ips} order. */
  List<Answer> answers(List<String> ips, int adminPort, String path) {
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (String ip : ips) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://" + host(ip) + ":" + adminPort + path))
              .timeout(TIMEOUT)
              .build();
      pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < ips.size(); i++) {
      CompletableFuture<HttpResponse<String>> answer = pending.get(i);
      String ip = ips.get(i);
      try {
        HttpResponse<String> response =
            answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        answers.add(
            response.statusCode() == 200
                ? new Answer(ip, response.body(), null)
                : new Answer(ip, null, "HTTP " + response.statusCode()));
      } catch (ExecutionException e) {
        answers.add(new Answer(ip, null, String.valueOf(e.getCause())));
      } catch (TimeoutException e) {
        answer.cancel(true);
        answers.add(new Answer(ip, null, "no answer within " + TIMEOUT.toSeconds() + " s"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answers.add(new Answer(ip, null, "interrupted"));
      }
    }
    return answers;
  }

  private static String host(String ip) {
    return ip.contains(":") ? "[" + ip + "]" : ip;
  }
}
