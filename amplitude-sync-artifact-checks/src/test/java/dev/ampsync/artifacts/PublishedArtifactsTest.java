package dev.ampsync.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * What a user of the published modules gets from a repository, checked on the jars {@code mvn verify}
 * packaged: sources and Javadoc jars beside each main jar (so an IDE shows the source and the docs),
 * the project's LICENSE in each, every entry at the build's fixed timestamp (reproducible builds),
 * Javadoc of the public packages only, and a BOM that lists exactly the published modules.
 *
 * <p>The published modules are read from the parent pom (its modules, less those that set {@code
 * maven.deploy.skip}), so a new module cannot be forgotten by the BOM or by these checks.
 */
class PublishedArtifactsTest {
  private static final Path ROOT = Path.of(System.getProperty("ampsync.root", "..")).toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("ampsync.version", "0.1.0-SNAPSHOT");
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");
  private static final Pattern EXPORTS = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  static List<String> publishedModules() throws IOException {
    List<String> published = new ArrayList<>();
    for (String module : matches(MODULE, read(ROOT.resolve("pom.xml")))) {
      String pom = read(ROOT.resolve(module).resolve("pom.xml"));
      if (!pom.contains("<maven.deploy.skip>true</maven.deploy.skip>") && !pom.contains("<packaging>pom</packaging>")) {
        published.add(module);
      }
    }
    return published;
  }

  @Test
  void thePublishedModules_areTheOnesReadmeAndTheBomName() throws IOException {
    assertThat(publishedModules()).containsExactlyInAnyOrder(
        "amplitude-sync-core", "amplitude-sync-jdbc", "amplitude-sync-testing", "amplitude-sync-cli");
  }

  @Test
  void theBom_managesExactlyThePublishedModules_atTheProjectsVersion() throws IOException {
    String bom = read(ROOT.resolve("amplitude-sync-bom/pom.xml"));
    String managed = bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));

    assertThat(matches(ARTIFACT_ID, managed)).containsExactlyInAnyOrderElementsOf(publishedModules());
    assertThat(bom).as("the BOM has no parent, so its own version must be the project's")
        .contains("<artifactId>amplitude-sync-bom</artifactId>\n  <version>" + VERSION + "</version>");
    assertThat(read(ROOT.resolve("README.md"))).as("README's dependency snippet")
        .contains("<artifactId>amplitude-sync-bom</artifactId>\n      <version>" + VERSION + "</version>");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedModules")
  void eachModule_hasMainSourcesAndJavadocJars_withTheLicense_atTheFixedTimestamp(String module) throws IOException {
    byte[] license = Files.readAllBytes(ROOT.resolve("LICENSE"));
    for (String classifier : List.of("", "-sources", "-javadoc")) {
      Path jar = jar(module, classifier);
      assertThat(jar).as("%s: run mvn verify first", ROOT.relativize(jar)).isRegularFile();
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        assertThat(timestamps(zip)).as("%s: every entry at project.build.outputTimestamp", jar.getFileName())
            .containsOnly(outputTimestamp());
        if (!classifier.equals("-javadoc")) {
          ZipEntry entry = zip.getEntry("META-INF/LICENSE");
          assertThat(entry).as("%s: META-INF/LICENSE", jar.getFileName()).isNotNull();
          try (InputStream in = zip.getInputStream(entry)) {
            assertThat(in.readAllBytes()).as("%s: the project's LICENSE", jar.getFileName()).isEqualTo(license);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedModules")
  void theSourcesJar_holdsEverySourceFile(String module) throws IOException {
    // src/main/jpms/module-info.java is not among them: the build compiles it in a second pass, not
    // as a source root, and the main jar carries its class.
    Set<String> expected = new TreeSet<>(files(ROOT.resolve(module).resolve("src/main/java")));
    try (ZipFile zip = new ZipFile(jar(module, "-sources").toFile())) {
      Set<String> entries = zip.stream().map(ZipEntry::getName).collect(Collectors.toSet());

      assertThat(entries).containsAll(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedModules")
  void theJavadocJar_documentsEveryPublicPackage_andNoInternalOne(String module) throws IOException {
    Set<String> publicPackages = publicPackages(ROOT.resolve(module));
    assertThat(publicPackages).isNotEmpty();
    try (ZipFile zip = new ZipFile(jar(module, "-javadoc").toFile())) {
      List<String> entries = zip.stream().map(ZipEntry::getName).collect(Collectors.toList());

      assertThat(entries).contains("index.html");
      assertThat(entries).as("implementation packages may change in any release: not documented")
          .noneMatch(name -> name.contains("/internal/"));
      for (String pkg : publicPackages) {
        String summary = pkg.replace('.', '/') + "/package-summary.html";
        assertThat(entries).as("the Javadoc of %s", pkg).anyMatch(name -> name.endsWith(summary));
      }
    }
  }

  /** The packages the module exports, or for a module without a descriptor each non-internal package. */
  private static Set<String> publicPackages(Path module) throws IOException {
    for (Path descriptor : List.of(module.resolve("src/main/jpms/module-info.java"), module.resolve("src/main/java/module-info.java"))) {
      if (Files.isRegularFile(descriptor)) {
        return new TreeSet<>(matches(EXPORTS, read(descriptor)));
      }
    }
    Path sources = module.resolve("src/main/java");
    Set<String> packages = new TreeSet<>();
    for (String file : files(sources)) {
      if (file.endsWith(".java") && file.contains("/")) {
        String pkg = file.substring(0, file.lastIndexOf('/')).replace('/', '.');
        if (!pkg.contains(".internal")) {
          packages.add(pkg);
        }
      }
    }
    return packages;
  }

  private static Set<LocalDateTime> timestamps(ZipFile zip) {
    Set<LocalDateTime> times = new TreeSet<>();
    for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
      times.add(entries.nextElement().getTimeLocal());
    }
    return times;
  }

  /** Maven's archiver writes each entry's time so that it reads as the timestamp in UTC. */
  private static LocalDateTime outputTimestamp() {
    String configured = System.getProperty("ampsync.outputTimestamp");
    assertThat(configured).as("project.build.outputTimestamp, passed by the pom").isNotBlank();
    return OffsetDateTime.parse(configured).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
  }

  private static Path jar(String module, String classifier) {
    return ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + classifier + ".jar");
  }

  /** Regular files under the folder, as '/'-separated relative paths. */
  private static List<String> files(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .map(path -> folder.relativize(path).toString().replace('\\', '/'))
          .collect(Collectors.toList());
    }
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    for (Matcher matcher = pattern.matcher(text); matcher.find(); ) {
      found.add(matcher.group(1).trim());
    }
    return found;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
