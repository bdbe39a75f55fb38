package dev.ddbload.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The benchmark's records as Parquet, typed as their JSON Lines are (strings, {@code age} an
 * int32, {@code score} a DECIMAL(9,2), {@code active} a boolean), Snappy-compressed, parquet-java's
 * default row groups (128 MB) and pages, with dictionaries: what Spark writes by default.
 */
final class ParquetDatasets {

  private ParquetDatasets() {}

  static long write(Datasets data, Path out, long records) throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType("message user { required binary id (STRING);"
        + " required binary name (STRING); required binary email (STRING); required int32 age;"
        + " required int32 score (DECIMAL(9,2)); required boolean active; required binary city (STRING);"
        + " required binary note (STRING);" + (data.hasBio() ? " required binary bio (STRING);" : "") + " }");
    Files.deleteIfExists(out);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(out)).withType(schema)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withDictionaryEncoding(true).build()) {
      for (long n = 0; n < records; n++) {
        Datasets.Fields f = data.fields(n);
        Group g = groups.newGroup().append("id", f.id).append("name", f.name).append("email", f.email)
            .append("age", f.age).append("score", Integer.parseInt(f.score.replace(".", "")))
            .append("active", f.active).append("city", f.city).append("note", f.note);
        if (f.bio != null) {
          g.append("bio", f.bio);
        }
        w.write(g);
      }
    }
    return records;
  }
}
