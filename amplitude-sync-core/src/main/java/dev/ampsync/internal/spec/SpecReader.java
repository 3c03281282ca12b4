package dev.ampsync.internal.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ampsync.spec.SpecException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads YAML into {@link SpecNode}s with line numbers, refusing duplicate keys, and substitutes
 * {@code ${VAR}} and {@code ${VAR:-default}} in strings from the environment.
 */
public final class SpecReader {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  private final String file;
  private final Map<String, String> env;

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
    switch (token) {
      case START_OBJECT: {
        Map<String, SpecNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = line(parser);
          String child = path.isEmpty() ? key : path + "." + key;
          parser.nextToken();
          if (entries.containsKey(key)) {
            throw new SpecException(file, keyLine, child, "is given twice");
          }
          keyLines.put(key, keyLine);
          entries.put(key, node(parser, child));
        }
        return new SpecNode.MapNode(entries, keyLines, line);
      }
      case START_ARRAY: {
        List<SpecNode> elements = new ArrayList<>();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          elements.add(node(parser, path + "[" + index++ + "]"));
        }
        return new SpecNode.ListNode(elements, line);
      }
      case VALUE_STRING:
        return new SpecNode.Scalar(substitute(parser.getText(), path, line), line);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new SpecNode.Scalar(parser.getNumberValue(), line);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new SpecNode.Scalar(parser.getBooleanValue(), line);
      case VALUE_NULL:
        return new SpecNode.Scalar(null, line);
      default:
        throw new SpecException(file, line, path, "unexpected YAML " + token);
    }
  }

  private String substitute(String text, String path, int line) {
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
