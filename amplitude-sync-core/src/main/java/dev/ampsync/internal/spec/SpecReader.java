package dev.ampsync.internal.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ampsync.spec.SpecException;
import java.io.IOException;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML into {@link SpecNode}s with line numbers, refusing duplicate keys, and substitutes
 * {@code ${VAR}} and {@code ${VAR:-default}} in strings from the environment, keeping each scalar's
 * text as written for messages.
 *
 * <p>Anchors and aliases are expanded (an alias is the anchored node again), and so is the merge
 * key {@code <<}; an alias with no anchor before it is refused, and so is a document whose aliases
 * would expand it beyond {@link #MAX_EXPANDED_VALUES} values.
 */
public final class SpecReader {
  private static final YAMLFactory YAML = new AnchorsYamlFactory();
  /**
   * {@code ${NAME}} or {@code ${NAME:-default}}: group 1 the name, group 3 the default. {@link
   * dev.ampsync.spec.WrittenText} reads a value's text as written with the same pattern.
   */
  public static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  /**
   * How many values aliases may expand a spec to in all. A spec has tens of values; the bound only
   * stops a document whose aliases repeat aliases from growing exponentially.
   */
  public static final int MAX_EXPANDED_VALUES = 10_000;
  private static final String MERGE_KEY = "<<";

  private final String file;
  private final Map<String, String> env;
  private final Map<String, Anchored> anchors = new HashMap<>();
  /** Values read so far, each alias counting as many as it repeats. */
  private long expanded;

  /** An anchored node and how many values it holds, aliases inside it expanded. */
  private record Anchored(SpecNode node, long size) {}

  /**
   * Creates a reader.
   *
   * @param file the spec's name, for messages
   * @param env the variables for {@code ${VAR}}
   */
  public SpecReader(String file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  /**
   * Reads one YAML document.
   *
   * @param yaml the text
   * @return its root
   * @throws SpecException if the text is empty, not valid YAML, repeats a key or names an unset
   *     variable
   */
  public SpecNode read(String yaml) {
    anchors.clear();
    expanded = 0;
    try (JsonParser parser = YAML.createParser(yaml)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new SpecException(file, 0, "", "the spec is empty");
      }
      SpecNode root = node(parser, "");
      if (parser.nextToken() != null) {
        throw new SpecException(file, line(parser), "", "a spec holds a single YAML document");
      }
      return root;
    } catch (IOException e) {
      throw invalidYaml(e);
    }
  }

  /**
   * Reports SnakeYAML's problem and its line, not its context line; never the snippet it quotes,
   * which could hold a secret.
   */
  private SpecException invalidYaml(IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null) {
        int line = marked.getProblemMark() == null ? 0 : marked.getProblemMark().getLine() + 1;
        return new SpecException(file, line, "", "not valid YAML: " + marked.getProblem());
      }
    }
    int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException processing && processing.getLocation() != null
        ? processing.getLocation().getLineNr() : 0;
    String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException processing
        ? processing.getOriginalMessage() : e.getMessage();
    return new SpecException(file, line, "", "not valid YAML: " + message.lines().findFirst().orElse(message));
  }

  private SpecNode node(JsonParser parser, String path) throws IOException {
    int line = line(parser);
    JsonToken token = parser.currentToken();
    YAMLParser yaml = (YAMLParser) parser;
    if (yaml.isCurrentAlias()) {
      return alias(parser.getText(), path, line);
    }
    // The anchor belongs to the token that starts the node; read it before moving on.
    String anchor = yaml.getCurrentAnchor();
    long before = expanded;
    expanded++;
    SpecNode node = switch (token) {
      case START_OBJECT -> mapping(parser, path, line);
      case START_ARRAY -> {
        List<SpecNode> elements = new ArrayList<>();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          elements.add(node(parser, path + "[" + index++ + "]"));
        }
        yield new SpecNode.ListNode(elements, line);
      }
      case VALUE_STRING -> string(parser.getText(), path, line,
          parser instanceof AnchorsYamlFactory.Parser blocks ? blocks.literalBlockFirstLine() : 0);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          new SpecNode.Scalar(parser.getNumberValue(), parser.getText(), Map.of(), line);
      case VALUE_TRUE, VALUE_FALSE -> new SpecNode.Scalar(parser.getBooleanValue(), parser.getText(), Map.of(), line);
      case VALUE_NULL -> new SpecNode.Scalar(null, line);
      default -> throw new SpecException(file, line, path, "unexpected YAML " + token);
    };
    if (anchor != null) {
      anchors.put(anchor, new Anchored(node, expanded - before));
    }
    return node;
  }

  private SpecNode mapping(JsonParser parser, String path, int line) throws IOException {
    Map<String, SpecNode> entries = new LinkedHashMap<>();
    Map<String, Integer> keyLines = new LinkedHashMap<>();
    List<SpecNode.MapNode> merges = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int keyLine = line(parser);
      String child = path.isEmpty() ? key : path + "." + key;
      if (((YAMLParser) parser).isCurrentAlias()) {
        throw new SpecException(file, keyLine, path, "an alias (*" + key + ") cannot be a key; write the key");
      }
      parser.nextToken();
      if (key.equals(MERGE_KEY)) {
        merges.addAll(merged(node(parser, child), child));
        continue;
      }
      if (entries.containsKey(key)) {
        throw new SpecException(file, keyLine, child, "is given twice");
      }
      keyLines.put(key, keyLine);
      entries.put(key, node(parser, child));
    }
    // YAML's merge key: the mapping's own keys win, then the merged mappings in the order given.
    for (SpecNode.MapNode merge : merges) {
      merge.entries().forEach((key, value) -> {
        if (!entries.containsKey(key)) {
          entries.put(key, value);
          keyLines.put(key, merge.lineOf(key));
        }
      });
    }
    return new SpecNode.MapNode(entries, keyLines, line);
  }

  /** The mappings a merge key ({@code <<: *base} or {@code <<: [*a, *b]}) names. */
  private List<SpecNode.MapNode> merged(SpecNode value, String path) {
    List<SpecNode> candidates = value instanceof SpecNode.ListNode list ? list.elements() : List.of(value);
    List<SpecNode.MapNode> maps = new ArrayList<>();
    for (SpecNode candidate : candidates) {
      if (!(candidate instanceof SpecNode.MapNode map)) {
        throw new SpecException(file, candidate.line(), path,
            "a merge key (<<) takes a mapping or a list of mappings, such as <<: *defaults");
      }
      maps.add(map);
    }
    return maps;
  }

  /**
   * Expands an alias to the node its anchor names, counting the values it repeats, so a document of
   * aliases of aliases (the "billion laughs") is refused before it grows.
   */
  private SpecNode alias(String name, String path, int line) {
    Anchored anchored = anchors.get(name);
    if (anchored == null) {
      throw new SpecException(file, line, path,
          "alias *" + name + " names no anchor; define &" + name + " before it (an anchor cannot refer to itself)");
    }
    expanded += anchored.size();
    if (expanded > MAX_EXPANDED_VALUES) {
      throw new SpecException(file, line, path, "alias *" + name + " expands the spec beyond " + MAX_EXPANDED_VALUES
          + " values; a spec's aliases may repeat at most that many values in all");
    }
    return anchored.node() instanceof SpecNode.Scalar scalar ? scalar.atLine(line) : anchored.node();
  }

  private SpecNode.Scalar string(String text, String path, int line, int textLine) {
    Map<String, String> variables = new LinkedHashMap<>();
    String value = substitute(text, path, line, variables);
    return new SpecNode.Scalar(value, text, variables, line, textLine);
  }

  private String substitute(String text, String path, int line, Map<String, String> variables) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String value = env.get(name);
      if (value == null || value.isEmpty() && matcher.group(2) != null) {
        if (matcher.group(2) == null) {
          throw new SpecException(file, line, path,
              "environment variable " + name + " is not set; set it, or give a default with ${" + name + ":-default}");
        }
        value = matcher.group(3);
      } else {
        variables.put(name, value);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }
}
