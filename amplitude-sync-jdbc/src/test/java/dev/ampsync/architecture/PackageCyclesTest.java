package dev.ampsync.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.core.importer.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of core and jdbc form no cycle, except a public package with its own {@code
 * internal} counterpart ({@code dev.ampsync.client} and {@code dev.ampsync.internal.client}), the
 * shape Failsafe has: a facade and the implementation behind it may know each other, nothing else.
 * The allowed pairs: {@code dev.ampsync} and {@code dev.ampsync.internal.engine}; {@code
 * dev.ampsync.client} and {@code dev.ampsync.internal.client}; {@code dev.ampsync.state} and {@code
 * dev.ampsync.internal.state}; {@code dev.ampsync.jdbc} and {@code dev.ampsync.jdbc.internal}.
 *
 * <p>It lives in the jdbc module because that is the first module that sees both modules' classes.
 */
class PackageCyclesTest {
  private static JavaClasses mainClasses;

  @BeforeAll
  static void importMainClasses() throws Exception {
    // Only the two modules' own class folders or jars: scanning the whole class path takes 30 s.
    // Class folders under `mvn test`, packaged jars under `mvn verify`.
    mainClasses = new ClassFileImporter().importLocations(List.of(
        locationOf(dev.ampsync.AmplitudeSync.class), locationOf(dev.ampsync.jdbc.JdbcSource.class)));
  }

  private static Location locationOf(Class<?> type) throws Exception {
    Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.isDirectory(path) ? Location.of(path) : Location.of(new JarFile(path.toFile()));
  }

  /**
   * A package and its internal counterpart are one slice: {@code x.internal.y} belongs to {@code
   * x.y}, and the engine ({@code dev.ampsync.internal.engine}) to the root package it implements.
   */
  static final SliceAssignment FACADE_WITH_ITS_INTERNAL = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (!name.startsWith("dev.ampsync")) {
        return SliceIdentifier.ignore();
      }
      if (name.equals("dev.ampsync.internal.engine")) {
        return SliceIdentifier.of("dev.ampsync"); // the engine behind AmplitudeSync and SyncJob
      }
      return SliceIdentifier.of(name.replace(".internal", ""));
    }

    @Override
    public String getDescription() {
      return "packages of dev.ampsync, each with its internal counterpart";
    }
  };

  @Test
  void theImportSeesBothModules() {
    org.assertj.core.api.Assertions.assertThat(mainClasses.contain("dev.ampsync.AmplitudeSync")).isTrue();
    org.assertj.core.api.Assertions.assertThat(mainClasses.contain("dev.ampsync.jdbc.JdbcSource")).isTrue();
    org.assertj.core.api.Assertions.assertThat(mainClasses.contain("dev.ampsync.internal.engine.SyncRun")).isTrue();
  }

  @Test
  void packagesFormNoCycleBeyondFacadeAndItsInternal() {
    slices().assignedFrom(FACADE_WITH_ITS_INTERNAL).should().beFreeOfCycles().check(mainClasses);
  }
}
