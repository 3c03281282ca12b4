package dev.ampsync.internal.client;

/** The library version, from the jar manifest when there is one. */
final class Version {
  private Version() {}

  static String get() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
