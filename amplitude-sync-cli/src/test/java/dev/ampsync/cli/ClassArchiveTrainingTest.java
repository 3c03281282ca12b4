package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The class archive's training run loads the listed classes and runs none of their code; and the
 * checked-in list names no class of ours that is gone (a renamed class would silently drop out of
 * the archive and cost its start-up again).
 */
class ClassArchiveTrainingTest {
  private static final Path LIST = Path.of("src/main/cds/classes.txt");
  static final AtomicBoolean INITIALISED = new AtomicBoolean();

  /** A class whose initialiser tells when it runs. */
  static final class Initialised {
    static {
      INITIALISED.set(true);
    }

    private Initialised() {}
  }

  @Test
  void loadsEveryListedClass_withoutRunningItsInitialiser_andCountsTheMissing() {
    ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {};

    ClassArchiveTraining.Loaded loaded = ClassArchiveTraining.load(List.of("# a comment", "",
        Initialised.class.getName(), "  java.lang.String  ", "dev.ampsync.cli.NoSuchClass"), loader);

    assertThat(loaded).isEqualTo(new ClassArchiveTraining.Loaded(2, 1));
    assertThat(INITIALISED).as("loading a class must not run its initialiser").isFalse();
  }

  @Test
  void theClassList_namesNoClassOfOursThatIsGone() throws Exception {
    List<String> ours = Files.readAllLines(LIST).stream().filter(line -> line.startsWith("dev.ampsync.")).toList();
    assertThat(ours).as("the list holds the command line's own classes").hasSizeGreaterThan(100);

    List<String> gone = ours.stream().filter(name -> {
      try {
        Class.forName(name, false, getClass().getClassLoader());
        return false;
      } catch (ClassNotFoundException e) {
        return true;
      }
    }).toList();

    assertThat(gone).as("classes in %s that no longer exist: remove them, or make the list again "
        + "(amplitude-sync-benchmarks: java -cp target/benchmarks.jar dev.ampsync.benchmarks.EndToEnd --mode class-list)",
        LIST).isEmpty();
  }
}
