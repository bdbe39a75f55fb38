package dev.ddbload.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** A verifying task's rows grouped by key: single, repeated (equal items) and ambiguous keys, and the counts. */
class KeyGroupsTest {

  @Test
  void aKeyOfOneRowIsCheckedAgainstIt() {
    List<KeyGroups.Group> groups = groups(List.of(row("a", 0, 0, "x"), row("b", 1, 4, "y")));

    assertThat(groups).containsExactly(new KeyGroups.Group(RowEntry.row(0, 0, "x"), 1, false),
        new KeyGroups.Group(RowEntry.row(1, 4, "y"), 1, false));
  }

  @Test
  void rowsOfAKeyWithEqualItemsAreOneKeyNamedByItsFirstRow() {
    List<KeyGroups.Group> groups = groups(List.of(row("a", 2, 9, "x"), row("a", 0, 5, "x"), row("a", 1, 0, "x")));

    assertThat(groups).containsExactly(new KeyGroups.Group(RowEntry.row(0, 5, "x"), 3, false));
  }

  @Test
  void rowsOfAKeyWithDifferentItemsAreAmbiguous() {
    List<KeyGroups.Group> groups = groups(List.of(row("a", 1, 3, "x"), row("a", 0, 7, "y"), row("b", 0, 8, "z")));

    assertThat(groups).containsExactly(new KeyGroups.Group(RowEntry.row(0, 7, "y"), 2, true),
        new KeyGroups.Group(RowEntry.row(0, 8, "z"), 1, false));
  }

  @Test
  void countsOfRowsNotCheckableAreSummedNotReturned() {
    List<Tuple2<String, RowEntry>> sorted = List.of(new Tuple2<>(KeyText.countsOf(0), RowEntry.counts(0, 2)),
        new Tuple2<>(KeyText.countsOf(1), RowEntry.counts(1, 0)), row("a", 0, 0, "x"), row("a", 1, 0, "x"),
        new Tuple2<>(KeyText.countsOf(2), RowEntry.counts(2, 5)));
    KeyGroups groups = new KeyGroups(sorted.iterator(), String::equals);
    List<KeyGroups.Group> all = new ArrayList<>();
    groups.forEachRemaining(all::add);

    assertThat(all).hasSize(1);
    assertThat(groups.notCheckable()).isEqualTo(7);
    assertThat(groups.rows()).isEqualTo(9);
  }

  @Test
  void nothingButCountsGivesNoGroups() {
    KeyGroups groups = new KeyGroups(List.of(new Tuple2<>(KeyText.countsOf(0), RowEntry.counts(0, 3))).iterator(),
        String::equals);

    assertThat(groups.hasNext()).isFalse();
    assertThat(groups.notCheckable()).isEqualTo(3);
  }

  private static List<KeyGroups.Group> groups(List<Tuple2<String, RowEntry>> sorted) {
    List<KeyGroups.Group> all = new ArrayList<>();
    new KeyGroups(sorted.iterator(), String::equals).forEachRemaining(all::add);
    return all;
  }

  private static Tuple2<String, RowEntry> row(String key, int partition, long index, String json) {
    return new Tuple2<>(key, RowEntry.row(partition, index, json));
  }
}
