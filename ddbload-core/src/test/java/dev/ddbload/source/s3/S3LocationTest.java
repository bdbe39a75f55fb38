package dev.ddbload.source.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {

  @Test
  void parsesBucketAndKeyAsWritten() {
    assertThat(S3Location.parse("s3://data/exports/part-0.json.gz"))
        .isEqualTo(new S3Location("data", "exports/part-0.json.gz"));
    assertThat(S3Location.parse("S3://data")).isEqualTo(new S3Location("data", ""));
    assertThat(S3Location.parse("s3://data/a b/%20c")).isEqualTo(new S3Location("data", "a b/%20c"));
  }

  @Test
  void refusesWhatNamesNoBucket() {
    assertThatThrownBy(() -> S3Location.parse("s3:///key")).hasMessageContaining("names no bucket");
    assertThatThrownBy(() -> S3Location.parse("/tmp/x")).hasMessageContaining("does not start with s3://");
  }

  @Test
  void aPrefixIsAnEmptyKeyOrOneEndingInASlash() {
    assertThat(S3Location.parse("s3://b").isPrefix()).isTrue();
    assertThat(S3Location.parse("s3://b/out/").isPrefix()).isTrue();
    assertThat(S3Location.parse("s3://b/out").isPrefix()).isFalse();
    assertThat(S3Location.parse("s3://b/out").asPrefix()).hasToString("s3://b/out/");
  }

  @Test
  void namesAndParentsAreThoseOfPaths() {
    assertThat(S3Location.parse("s3://b/x/AWSDynamoDB/0123-ab/").name()).isEqualTo("0123-ab");
    assertThat(S3Location.parse("s3://b/x/data.csv").name()).isEqualTo("data.csv");
    assertThat(S3Location.parse("s3://b/").name()).isEqualTo("b");
    assertThat(S3Location.parse("s3://b/x/y/data.csv").parent()).hasToString("s3://b/x/y/");
    assertThat(S3Location.parse("s3://b/x/y/").parent()).hasToString("s3://b/x/");
    assertThat(S3Location.parse("s3://b/data.csv").parent()).hasToString("s3://b/");
  }

  @Test
  void resolvesRelativeKeysAgainstAPrefix() {
    S3Location dir = S3Location.parse("s3://b/exports/AWSDynamoDB/e1/");
    assertThat(dir.resolve("data/p0.json.gz")).hasToString("s3://b/exports/AWSDynamoDB/e1/data/p0.json.gz");
    assertThat(dir.resolve("./data/../manifest-files.json")).hasToString("s3://b/exports/AWSDynamoDB/e1/manifest-files.json");
    assertThat(dir.resolve("../../other.csv")).hasToString("s3://b/exports/other.csv");
    assertThat(dir.resolve("/top.csv")).hasToString("s3://b/top.csv");
    assertThat(S3Location.parse("s3://b/exports").resolve("p.csv")).hasToString("s3://b/exports/p.csv");
  }
}
