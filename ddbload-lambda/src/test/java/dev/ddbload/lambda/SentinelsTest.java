package dev.ddbload.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbload.source.s3.S3Location;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentinelsTest {

  private static S3Location at(String key) {
    return new S3Location("b", key);
  }

  @Test
  void aSuccessMarkerStandsForItsDirectory() {
    assertThat(new Sentinels(List.of()).datasetOf(at("out/day=1/_SUCCESS"))).contains("s3://b/out/day=1/");
  }

  @Test
  void aCommitMarkerAndAnExportManifestStandForThemselves() {
    Sentinels defaults = new Sentinels(List.of());
    assertThat(defaults.datasetOf(at("out/_committed_4127"))).contains("s3://b/out/_committed_4127");
    assertThat(defaults.datasetOf(at("exp/AWSDynamoDB/0170-a/manifest-summary.json")))
        .contains("s3://b/exp/AWSDynamoDB/0170-a/manifest-summary.json");
  }

  @Test
  void dataFilesAndOtherMarkersAreNotSentinelsByDefault() {
    Sentinels defaults = new Sentinels(List.of());
    assertThat(defaults.datasetOf(at("out/part-00000.json"))).isEmpty();
    assertThat(defaults.datasetOf(at("out/_started_4127"))).isEmpty();
    assertThat(defaults.datasetOf(at("out/x_SUCCESS"))).isEmpty();
    assertThat(defaults.datasetOf(at("out/"))).isEmpty();
  }

  @Test
  void aStarMakesEveryObjectItsOwnDataset() {
    Sentinels every = new Sentinels(List.of("*"));
    assertThat(every.datasetOf(at("in/orders 1.csv"))).contains("s3://b/in/orders 1.csv");
  }

  @Test
  void patternsMatchTheNameOnly() {
    Sentinels csv = new Sentinels(List.of("*.csv", "READY"));
    assertThat(csv.datasetOf(at("in/a.csv"))).contains("s3://b/in/a.csv");
    assertThat(csv.datasetOf(at("in.csv/a.json"))).isEmpty();
    assertThat(csv.datasetOf(at("x/READY"))).contains("s3://b/x/READY");
  }
}
