package io.redisproxy.operator;

/** The operator's version, from its jar manifest; "dev" when run from compiled classes. */
final class Version {
  private Version() {}

  static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }
}
