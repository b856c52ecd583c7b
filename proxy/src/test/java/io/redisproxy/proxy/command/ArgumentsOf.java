package io.redisproxy.proxy.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** {@link Arguments} over plain byte arrays, standing in for a decoded request in tests. */
final class ArgumentsOf implements Arguments {
  private final byte[][] args;

  ArgumentsOf(byte[][] args) {
    this.args = args;
  }

  static ArgumentsOf of(String... args) {
    return of(List.of(args));
  }

  static ArgumentsOf of(List<String> args) {
    return new ArgumentsOf(
        args.stream().map(arg -> arg.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new));
  }

  /** The arguments split at single spaces: {@code words("GET k")}. */
  static ArgumentsOf words(String line) {
    return of(line.split(" "));
  }

  String text(int arg) {
    return new String(args[arg], StandardCharsets.UTF_8);
  }

  @Override
  public int count() {
    return args.length;
  }

  @Override
  public int length(int arg) {
    return args[arg].length;
  }

  @Override
  public byte byteAt(int arg, int position) {
    return args[arg][position];
  }

  @Override
  public String toString() {
    return Arrays.stream(args)
        .map(arg -> new String(arg, StandardCharsets.UTF_8))
        .collect(Collectors.joining(" "));
  }
}
