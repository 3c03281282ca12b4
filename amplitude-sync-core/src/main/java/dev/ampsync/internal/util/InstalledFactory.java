package dev.ampsync.internal.util;

/**
 * A factory a public class installs from its static initialiser, so that implementation code can
 * create instances of public types whose constructors are not API (the JDK's shared-secrets
 * pattern). Reading it first initialises the installing class, which installs it.
 *
 * @param <T> the factory's type
 */
public final class InstalledFactory<T> {
  private final Class<?> installer;
  private volatile T factory;

  /**
   * @param installer the public class whose static initialiser calls {@link #install}
   */
  public InstalledFactory(Class<?> installer) {
    this.installer = installer;
  }

  /**
   * Installs the factory; called once, by the installer's static initialiser.
   *
   * @throws IllegalStateException if one is installed already
   */
  public synchronized void install(T installed) {
    if (factory != null) {
      throw new IllegalStateException("the factory of " + installer.getSimpleName() + " is installed already");
    }
    factory = installed;
  }

  /** Returns the factory, initialising the installer first if it has not run yet. */
  public T get() {
    T installed = factory;
    if (installed == null) {
      try {
        Class.forName(installer.getName(), true, installer.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      installed = factory;
    }
    return installed;
  }
}
