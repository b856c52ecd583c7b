package io.redisproxy.proxy.config;

/** Maglev's lookup table needs a prime size; the config and the table both check it. */
public final class Primes {
  private Primes() {}

  public static boolean isPrime(int n) {
    if (n < 2) {
      return false;
    }
    for (int d = 2; (long) d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }
}
