package dev.ddbload.source;

import dev.ddbload.config.ConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sources with every input kept once: inputs named more than once (the same path twice, a
 * directory and a glob that overlap, a link and its target, a manifest listing a file also named)
 * are told apart by {@link Source#inputKey()} (a file's real path, an object's URI) and read once,
 * at their first place, with a note saying which names were dropped.
 *
 * @param sources the sources, each input once, in the order first named
 * @param notes one sentence per input that was named more than once
 */
public record DistinctSources(List<Source> sources, List<String> notes) {

  /** Copies the lists. */
  public DistinctSources {
    sources = List.copyOf(sources);
    notes = List.copyOf(notes);
  }

  /**
   * These sources, after checking that no two of them share a name (rejects and checkpoints
   * name sources, so two different inputs with one name could not be told apart).
   *
   * @throws ConfigurationException naming the name two inputs share
   */
  public DistinctSources requireDistinctNames() {
    Set<String> seen = new java.util.HashSet<>();
    for (Source s : sources) {
      if (!seen.add(s.name())) {
        throw new ConfigurationException("Two different inputs are both named " + s.name()
            + "; give each input its own name.");
      }
    }
    return this;
  }

  /** Keeps the first source of each input. */
  public static DistinctSources of(List<Source> all) {
    Map<String, Source> first = new LinkedHashMap<>();
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (Source s : all) {
      String key = s.inputKey();
      first.putIfAbsent(key, s);
      names.computeIfAbsent(key, k -> new ArrayList<>()).add(s.name());
    }
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : names.entrySet()) {
      List<String> given = e.getValue();
      if (given.size() < 2) {
        continue;
      }
      String kept = first.get(e.getKey()).name();
      Set<String> others = new LinkedHashSet<>(given);
      others.remove(kept);
      String also = others.isEmpty() ? "" : " (also as " + String.join(", ", others) + ")";
      notes.add(kept + " is named " + given.size() + " times" + also + "; it is read once.");
    }
    return new DistinctSources(new ArrayList<>(first.values()), notes);
  }
}
