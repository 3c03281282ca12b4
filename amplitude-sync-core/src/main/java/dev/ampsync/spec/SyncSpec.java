package dev.ampsync.spec;

import dev.ampsync.SyncJob;
import dev.ampsync.client.AmplitudeClientConfig;
import dev.ampsync.internal.spec.DestinationBinder;
import dev.ampsync.internal.spec.HeaderBinder;
import dev.ampsync.internal.spec.MappingBinder;
import dev.ampsync.internal.spec.OptionsBinder;
import dev.ampsync.internal.spec.SourceBinder;
import dev.ampsync.internal.spec.SpecErrors;
import dev.ampsync.internal.spec.SpecNode;
import dev.ampsync.internal.spec.SpecReader;
import dev.ampsync.internal.spec.SpecSection;
import dev.ampsync.internal.spec.StateBinder;
import dev.ampsync.internal.util.Arguments;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.Source;
import dev.ampsync.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A YAML sync spec, validated strictly and turned into a {@link SyncJob}. The keys are those of the
 * project's design (name, object, behavior, source, destination, mapping, state, options); every
 * mistake fails before anything is read or sent, with the file, the line and the key path.
 *
 * <pre>{@code
 * SyncSpec spec = SyncSpec.load(Path.of("users.yaml"));    // ${VAR} from the environment
 * SyncResult result = AmplitudeSync.run(spec.job());
 * }</pre>
 *
 * <p>Defaults that differ from the Java API: the state store is {@code file} at {@code
 * .ampsync/state} unless the spec says otherwise. For a {@linkplain #load(Path) loaded} spec, that
 * default and a relative {@code state.path} are resolved against the spec file's folder, so the sync
 * finds its state from any working directory; a {@linkplain #parse parsed} spec has no folder and
 * resolves them against the working directory.
 *
 * <p>Messages quote the spec as written: a value from {@code ${VAR}} is shown as {@code ${VAR}}, never
 * expanded. YAML anchors, aliases and merge keys ({@code <<}) are expanded, up to 10,000 values in all (a
 * document whose aliases would expand further is refused).
 *
 * <p>Immutable; each {@link #jobBuilder()} call returns a new builder (and a new state store).
 */
public final class SyncSpec {

  private final String file;
  /** The spec file's folder, or null for a spec parsed from text. */
  private final Path specDir;
  private final SpecErrors errors;
  private final String name;
  private final ObjectType object;
  private final AmplitudeClientConfig destination;
  private final Mapping mapping;
  /** Where each key of {@code mapping:} was written, for the run's errors about them. */
  private final Map<String, String> mappingPlaces;
  private final Source source;
  private final SpecSection sourceSection;
  private final SpecSection stateSection;
  private final SpecSection optionsSection;

  /** Binds every section in the order mistakes are reported, so the first mistake is the one shown. */
  private SyncSpec(String file, Path specDir, SpecNode.MapNode rootNode) {
    this.file = file;
    this.specDir = specDir;
    this.errors = SpecErrors.of(file, rootNode);
    SpecSection root = new SpecSection(rootNode, "", errors);
    root.declare(HeaderBinder.ROOT_KEYS);
    HeaderBinder.Header header = HeaderBinder.bind(root);
    this.name = header.name();
    this.object = header.object();
    this.destination = DestinationBinder.bind(root.requiredSection("destination")).buildConfig();
    SpecSection mappingSection = root.requiredSection("mapping");
    this.optionsSection = root.optionalSection("options");
    this.mapping = MappingBinder.bind(mappingSection, optionsSection, object);
    this.mappingPlaces = MappingBinder.places(mappingSection);
    this.sourceSection = root.requiredSection("source");
    this.source = SourceBinder.bind(sourceSection);
    this.stateSection = root.optionalSection("state");
    // Bind state and options now too, so their mistakes show before anything runs.
    stateStore();
    checkWarehousePlanning();
    OptionsBinder.apply(optionsSection, SyncJob.builder(name));
  }

  /** A mapping warehouse planning cannot key in SQL is refused at {@code state.planning}, before anything runs. */
  private void checkWarehousePlanning() {
    if (stateSection == null || stateSection.get("planning") == null) {
      return;
    }
    Object planning = stateSection.plainValues(java.util.Set.of()).get("planning");
    if (planning != null && "warehouse".equalsIgnoreCase(planning.toString().trim())) {
      String refusal = dev.ampsync.internal.engine.WarehousePlanning.refusal(mapping);
      if (refusal != null) {
        throw stateSection.error("planning", refusal.substring(refusal.indexOf(' ') + 1));
      }
    }
  }

  /**
   * Loads a spec file, substituting {@code ${VAR}} from the process environment.
   *
   * @param file the YAML file
   * @return the spec
   * @throws SpecException if the file cannot be read or the spec is wrong
   */
  public static SyncSpec load(Path file) {
    return load(file, System.getenv());
  }

  /**
   * Loads a spec file with the given environment.
   *
   * @param file the YAML file
   * @param env the variables for {@code ${VAR}}
   * @return the spec
   * @throws SpecException if the file cannot be read or the spec is wrong
   */
  public static SyncSpec load(Path file, Map<String, String> env) {
    Arguments.required(file, "file", "pass the path of the spec's YAML file, e.g. Path.of(\"users.yaml\")");
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpecException(file.toString(), 0, "", "cannot read the spec: " + e.getMessage());
    }
    return parse(yaml, file.toString(), env, file.toAbsolutePath().getParent());
  }

  /**
   * Parses spec text.
   *
   * @param yaml the YAML
   * @param file the spec's name, for messages
   * @param env the variables for {@code ${VAR}}
   * @return the spec
   * @throws SpecException if the spec is wrong
   */
  public static SyncSpec parse(String yaml, String file, Map<String, String> env) {
    return parse(yaml, file, env, null);
  }

  private static SyncSpec parse(String yaml, String file, Map<String, String> env, Path specDir) {
    Arguments.required(yaml, "yaml", "pass the spec's YAML text, e.g. Files.readString(file), or use SyncSpec.load(file)");
    Arguments.required(file, "file", "pass the spec's name for messages, usually its file name such as \"users.yaml\"");
    Arguments.required(env, "env", "pass the variables for ${VAR}, usually System.getenv(), or Map.of() for none");
    SpecNode node = new SpecReader(file, env).read(yaml);
    if (!(node instanceof SpecNode.MapNode root)) {
      throw new SpecException(file, node.line(), "", "a spec is a mapping of keys (name, object, source, ...)");
    }
    return new SyncSpec(file, specDir, root);
  }

  /**
   * Returns the sync's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the object type.
   *
   * @return the object type
   */
  public ObjectType objectType() {
    return object;
  }

  /**
   * Returns the client settings of {@code destination:}; {@code toBuilder()} derives a client
   * builder from them.
   *
   * @return the immutable settings
   */
  public AmplitudeClientConfig destination() {
    return destination;
  }

  /**
   * Returns a job builder holding everything the spec says; callers may override (an endpoint, a full
   * resync) before building.
   *
   * @return a new builder
   * @throws SpecException if the state store cannot be created
   */
  public SyncJob.Builder jobBuilder() {
    SyncJob.Builder builder = SyncJob.builder(name)
        .source(source)
        .mapping(mapping)
        .destination(destination);
    // The run's error and resync reason (in its result, history and sync logs) quote the spec as written.
    dev.ampsync.internal.engine.JobTexts.showBy(builder, errors.asWritten()::apply);
    // A mapped column the source does not return is named by the spec's file and line.
    dev.ampsync.internal.engine.JobTexts.placeBy(builder, mapping, mappingPlaces);
    StateStore state = stateStore();
    if (state != null) {
      builder.state(state);
    }
    OptionsBinder.apply(optionsSection, builder);
    return builder;
  }

  /** A new (lazy) store; a file store resolves against the spec's folder when it has one. */
  private StateStore stateStore() {
    return specDir == null
        ? StateBinder.bind(stateSection, sourceSection)
        : StateBinder.bind(stateSection, sourceSection, specDir, Path.of("").toAbsolutePath(),
            org.slf4j.LoggerFactory.getLogger(SyncSpec.class)::warn);
  }

  /**
   * Returns the job the spec describes.
   *
   * @return the job
   * @throws SpecException if the spec's options do not fit together
   */
  public SyncJob job() {
    try {
      return jobBuilder().build();
    } catch (IllegalStateException e) {
      throw errors.at(0, "", e.getMessage());
    }
  }

  /**
   * Returns a text as messages about this spec show it: each value the spec took from the
   * environment replaced by the text the spec wrote for it ({@code ${PGPASSWORD}}), the API key by
   * {@code <redacted>}. Spec errors are shown so already, and so is what a {@code jdbc} source says;
   * pass through it anything else you print about a run of this spec (its result's error, its name).
   * Values shorter than 4 characters, and values the spec also writes literally (a word of its own
   * text), are left as they are: they would replace ordinary words.
   *
   * @param text any text; null stays null
   * @return the text as the spec wrote it
   */
  public String showAsWritten(String text) {
    return errors.asWritten().apply(text);
  }

  @Override
  public String toString() {
    return "SyncSpec{" + file + ", name=" + name + ", object=" + object.specName() + "}";
  }
}
