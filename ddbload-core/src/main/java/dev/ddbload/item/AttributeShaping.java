package dev.ddbload.item;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Renames and drops top-level attributes ({@code --rename old=new}, {@code --exclude name}) for
 * every format. Renames apply together, so {@code a=b} and {@code b=a} swap two attributes; an
 * excluded name is the input's name, before renaming. Immutable and thread-safe.
 */
public final class AttributeShaping {

  private static final AttributeShaping NONE = new AttributeShaping(Map.of(), Set.of());

  private final Map<String, String> renames;
  private final Set<String> excludes;

  private AttributeShaping(Map<String, String> renames, Set<String> excludes) {
    this.renames = renames;
    this.excludes = excludes;
  }

  /** Leaves items as they are. */
  public static AttributeShaping none() {
    return NONE;
  }

  /**
   * Shaping with these renames (input name → attribute name) and excluded input names.
   *
   * @throws IllegalArgumentException when two names are renamed to the same attribute, a name is
   *     both renamed and excluded, or a name is empty
   */
  public static AttributeShaping of(Map<String, String> renames, Set<String> excludes) {
    Map<String, String> targets = new HashMap<>();
    renames.forEach((from, to) -> {
      if (from.isEmpty() || to.isEmpty()) {
        throw new IllegalArgumentException("rename '" + from + "=" + to + "' needs a name on both sides");
      }
      String other = targets.put(to, from);
      if (other != null) {
        throw new IllegalArgumentException("both '" + other + "' and '" + from + "' are renamed to '" + to + "'");
      }
      if (excludes.contains(from)) {
        throw new IllegalArgumentException("'" + from + "' is both renamed and excluded");
      }
    });
    for (String e : excludes) {
      if (e.isEmpty()) {
        throw new IllegalArgumentException("an excluded name must not be empty");
      }
    }
    return renames.isEmpty() && excludes.isEmpty() ? NONE : new AttributeShaping(Map.copyOf(renames),
        Set.copyOf(excludes));
  }

  /**
   * Parses {@code old=new} pairs.
   *
   * @throws IllegalArgumentException naming a pair without {@code =}
   */
  public static Map<String, String> parseRenames(Iterable<String> pairs) {
    Map<String, String> renames = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("rename '" + pair + "' is not OLD=NEW");
      }
      String from = pair.substring(0, eq);
      if (renames.put(from, pair.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("'" + from + "' is renamed twice");
      }
    }
    return renames;
  }

  /** Whether this changes nothing. */
  public boolean isIdentity() {
    return this == NONE;
  }

  /** Whether an input name is dropped. */
  public boolean excludes(String inputName) {
    return excludes.contains(inputName);
  }

  /** The attribute name for an input name. */
  public String nameOf(String inputName) {
    return renames.getOrDefault(inputName, inputName);
  }

  /**
   * The item with its attributes renamed and excluded ones dropped; the same map when this is
   * the identity.
   *
   * @throws InvalidValueException MALFORMED when a renamed attribute meets one of the same name
   */
  public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) throws InvalidValueException {
    if (isIdentity()) {
      return item;
    }
    Map<String, AttributeValue> shaped = new LinkedHashMap<>(item.size() * 2);
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      String name = e.getKey();
      if (excludes.contains(name)) {
        continue;
      }
      String to = nameOf(name);
      if (shaped.put(to, e.getValue()) != null) {
        throw new InvalidValueException(RejectReason.MALFORMED, "renaming to '" + to
            + "' meets another attribute of that name");
      }
    }
    return shaped;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttributeShaping s && s.renames.equals(renames) && s.excludes.equals(excludes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(renames, excludes);
  }

  /** Checks that a set of names can be shaped: throws naming a collision (for headers). */
  void checkNames(Iterable<String> inputNames) {
    Set<String> out = new HashSet<>();
    for (String name : inputNames) {
      if (!excludes.contains(name) && !out.add(nameOf(name))) {
        throw new IllegalArgumentException("renaming makes two columns named '" + nameOf(name) + "'");
      }
    }
  }
}
