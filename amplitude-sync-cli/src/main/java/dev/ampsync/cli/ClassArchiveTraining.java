package dev.ampsync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the command line's class-data-sharing archive, at package time: loads every
 * class named in a class list ({@code src/main/cds/classes.txt}, the classes that runs of a sync
 * loaded) without initialising any, so that {@code java -XX:ArchiveClassesAtExit=amplitude-sync.jsa
 * -cp amplitude-sync.jar dev.ampsync.cli.ClassArchiveTraining classes.txt} writes them, parsed and
 * linked, into the archive the launcher script maps at start-up. Nothing runs: no static initialiser,
 * no connection, no request; a listed class that no longer exists (a class renamed since the list was
 * made, or a JDK of another version) is left out, not an error.
 *
 * <p>Exits 0 having loaded what it could; 3 when the list cannot be read. The list is made by the
 * benchmarks' {@code --mode class-list} (BENCHMARKS.md, "Cold command-line runs").
 */
final class ClassArchiveTraining {
  static final int UNREADABLE_LIST = 3;

  private ClassArchiveTraining() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -XX:ArchiveClassesAtExit=ARCHIVE -cp amplitude-sync.jar "
          + ClassArchiveTraining.class.getName() + " CLASS_LIST");
      System.exit(UNREADABLE_LIST);
    }
    List<String> names;
    try {
      names = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("class archive: cannot read the class list " + args[0] + ": " + e);
      System.exit(UNREADABLE_LIST);
      return;
    }
    Loaded loaded = load(names, ClassArchiveTraining.class.getClassLoader());
    System.err.printf("class archive: %d of %d listed classes loaded (%d not found)%n", loaded.found(),
        loaded.found() + loaded.missing(), loaded.missing());
  }

  /** How many of the named classes were found and loaded, and how many were not. */
  record Loaded(int found, int missing) {}

  /** Loads, without initialising, each class named on a line of its own; blank lines and {@code #} comments are skipped. */
  static Loaded load(List<String> names, ClassLoader loader) {
    int found = 0;
    int missing = 0;
    for (String line : names) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      try {
        Class.forName(name, false, loader);
        found++;
      } catch (ClassNotFoundException | LinkageError e) {
        missing++;
      }
    }
    return new Loaded(found, missing);
  }
}
