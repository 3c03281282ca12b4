package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published jars of core and jdbc work as JPMS modules: they resolve on a module path with
 * only their own dependencies, export exactly the public packages (never {@code internal}), and
 * the jdbc module's providers are found by core's {@code ServiceLoader} through {@code provides}.
 *
 * <p>The descriptors are compiled when the jars are packaged, so this runs under {@code mvn verify}
 * (the README's test command); under {@code mvn test} the jars do not exist yet and it is skipped,
 * except in CI, where skipping would hide a broken descriptor.
 */
class ModulePathTest {
  /** File names of the two modules' jars and of their runtime dependencies, nothing else. */
  private static final Pattern MODULE_PATH = Pattern.compile(
      "amplitude-sync-(core|jdbc)-[^/]*(?<!-tests)\\.jar|jackson-(core|databind|annotations|dataformat-yaml)-.*\\.jar"
          + "|snakeyaml-.*\\.jar|failsafe-.*\\.jar|slf4j-api-.*\\.jar|h2-mvstore-.*\\.jar");

  private static ModuleLayer layer;

  @BeforeAll
  static void resolveTheModules() {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (MODULE_PATH.matcher(path.getFileName().toString()).matches()) {
        jars.add(path);
      }
    }
    boolean packaged = jars.stream().anyMatch(jar -> jar.getFileName().toString().startsWith("amplitude-sync-core-"))
        && jars.stream().anyMatch(jar -> jar.getFileName().toString().startsWith("amplitude-sync-jdbc-"));
    if (!packaged) {
      String why = "core and jdbc are class folders, not packaged jars with their module descriptors"
          + " (run mvn verify): " + System.getProperty("java.class.path");
      if (System.getenv("AMPSYNC_REQUIRE_SERVERS") != null) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
    Configuration configuration = ModuleLayer.boot().configuration()
        .resolveAndBind(finder, ModuleFinder.of(), Set.of("dev.ampsync.jdbc"));
    layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
  }

  @Test
  void coreExportsOnlyItsPublicPackages() {
    ModuleDescriptor core = layer.findModule("dev.ampsync.core").orElseThrow().getDescriptor();
    assertThat(core.isAutomatic()).isFalse();
    assertThat(exports(core)).containsExactlyInAnyOrder(
        "dev.ampsync", "dev.ampsync.client", "dev.ampsync.mapping", "dev.ampsync.record",
        "dev.ampsync.source", "dev.ampsync.spec", "dev.ampsync.state");
    assertThat(core.packages()).contains("dev.ampsync.internal.engine", "dev.ampsync.internal.client");
  }

  @Test
  void jdbcExportsOnlyItsPublicPackageAndReadsCoreTransitively() {
    ModuleDescriptor jdbc = layer.findModule("dev.ampsync.jdbc").orElseThrow().getDescriptor();
    assertThat(exports(jdbc)).containsExactly("dev.ampsync.jdbc");
    assertThat(jdbc.packages()).contains("dev.ampsync.jdbc.internal");
    assertThat(jdbc.requires())
        .anySatisfy(requires -> {
          assertThat(requires.name()).isEqualTo("dev.ampsync.core");
          assertThat(requires.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
        });
  }

  @Test
  void coreFindsTheJdbcProvidersThroughTheModuleGraph() throws Exception {
    ClassLoader loader = layer.findLoader("dev.ampsync.core");
    for (String service : List.of("dev.ampsync.spec.SourceProvider", "dev.ampsync.spec.StateStoreProvider")) {
      Class<?> type = loader.loadClass(service);
      List<String> providers = ServiceLoader.load(layer, type).stream()
          .map(provider -> provider.get().getClass().getName())
          .collect(Collectors.toList());
      assertThat(providers).as(service).hasSize(1).allMatch(name -> name.startsWith("dev.ampsync.jdbc.Jdbc"));
    }
  }

  @Test
  void internalPackagesAreNotReadableFromOutside() {
    Module core = layer.findModule("dev.ampsync.core").orElseThrow();
    assertThat(core.isExported("dev.ampsync.internal.engine")).isFalse();
    assertThat(core.isExported("dev.ampsync.internal.client")).isFalse();
    assertThat(core.isExported("dev.ampsync.client")).isTrue();
  }

  private static Set<String> exports(ModuleDescriptor descriptor) {
    return descriptor.exports().stream()
        .filter(export -> !export.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
  }
}
