package dev.ddbload.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddbload.config.ConfigurationException;
import dev.ddbload.decode.DecodeOptions;
import dev.ddbload.decode.Format;
import dev.ddbload.item.ItemSchema;
import dev.ddbload.source.LocalFileSource;
import dev.ddbload.source.Source;
import dev.ddbload.source.StdinSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before anything is written: headers open, and LoadOptions.schema names only columns the inputs have. */
class InputCheckTest {

  @TempDir
  Path dir;

  private Source file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return new LocalFileSource(p);
  }

  @Test
  void aSchemaColumnMustBeAColumnOfSomeInput() throws IOException {
    List<Source> sources = List.of(file("a.csv", "id,price\n1,2\n"), file("b.csv", "id,year\n1,2\n"));
    List<Format> formats = List.of(Format.CSV, Format.CSV);
    DecodeOptions options = DecodeOptions.builder().build();

    assertThat(InputCheck.check(sources, formats, options, ItemSchema.parse("price:N,year:N"))).isSameAs(options);
    assertThatThrownBy(() -> InputCheck.check(sources, formats, options, ItemSchema.parse("pirce:N")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("LoadOptions.schema names column 'pirce', which is not a column of any input (columns: id, price, year).");
  }

  @Test
  void headerlessAndTextInputsAreCheckedAgainstTheColumnsGiven() throws IOException {
    List<Source> sources = List.of(file("a.log", "k v\n"));
    DecodeOptions options = DecodeOptions.builder().columns(List.of("k", "v")).build();

    assertThat(InputCheck.check(sources, List.of(Format.TEXT), options, ItemSchema.parse("v:N"))).isSameAs(options);
    assertThatThrownBy(() -> InputCheck.check(sources, List.of(Format.TEXT), options, ItemSchema.parse("x:N")))
        .hasMessage("LoadOptions.schema names column 'x', which is not a column of any input (columns: k, v).");
  }

  @Test
  void aSchemaWithoutTextInputsIsRefused() throws IOException {
    List<Source> sources = List.of(file("a.jsonl", "{}\n"));

    assertThatThrownBy(() -> InputCheck.check(sources, List.of(Format.JSONL), DecodeOptions.builder().build(),
        ItemSchema.parse("n:N"))).hasMessage("LoadOptions.schema applies to CSV, TSV, text, Parquet and Avro inputs and to"
        + " partition columns, and there are none.");
  }

  @Test
  void standardInputChecksItsHeaderAsItIsOpened() throws IOException {
    List<Source> sources = List.of(new StdinSource(new ByteArrayInputStream("id,n\n1,2\n".getBytes())));

    DecodeOptions checked = InputCheck.check(sources, List.of(Format.CSV), DecodeOptions.builder().build(),
        ItemSchema.parse("x:N"));

    assertThat(checked.requiredColumns()).isEqualTo(Set.of("x"));
    assertThatThrownBy(() -> Format.CSV.open("-", new ByteArrayInputStream("id,n\n".getBytes()), checked))
        .hasMessage("-: LoadOptions.schema names column 'x', which the header does not have (its columns: id, n)");
  }

  @Test
  void anUnreadableHeaderIsRefusedNamingTheInput() throws IOException {
    Source bad = file("bad.csv", "id,\"open\n1,2\n");

    assertThatThrownBy(() -> InputCheck.check(List.of(bad), List.of(Format.CSV), DecodeOptions.builder().build(),
        ItemSchema.empty())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bad.csv: the header row (line 1) cannot be read");
  }
}
