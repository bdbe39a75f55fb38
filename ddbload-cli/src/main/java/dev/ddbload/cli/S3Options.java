package dev.ddbload.cli;

import dev.ddbload.config.ClientSettings;
import dev.ddbload.source.s3.S3Settings;
import picocli.CommandLine.Option;

/**
 * Where S3 inputs are read from. S3 has its own endpoint and region; the profile and credential
 * chain are DynamoDB's ({@link ClientOptions}).
 */
final class S3Options {

  @Option(names = "--s3-endpoint-url", paramLabel = "URL",
      description = "Send S3 requests to this URL (an S3-compatible store such as MinIO or S3Proxy).")
  String endpointUrl;

  @Option(names = "--s3-region", paramLabel = "REGION",
      description = "Region of the S3 buckets (default: --region, then AWS_REGION and the profile's region).")
  String region;

  @Option(names = "--s3-path-style",
      description = "Address buckets as URL paths (http://host/bucket/key), as most S3-compatible stores need.")
  boolean pathStyle;

  @Option(names = "--s3-chunk-size", paramLabel = "SIZE", converter = ByteSizeConverter.class,
      description = "Bytes per ranged GET of an S3 object (default ${DEFAULT-VALUE}); each file being read holds at most three.")
  int chunkBytes;

  /**
   * The S3 settings: these options over the DynamoDB options' profile and region.
   *
   * @throws IllegalArgumentException for an endpoint that is not a URL or a chunk size out of range
   */
  S3Settings toSettings(ClientSettings dynamo) {
    ClientSettings.Builder client = ClientSettings.builder()
        .profile(dynamo.profile().orElse(null))
        .credentials(dynamo.credentials().orElse(null))
        .region(region != null ? region : dynamo.region().orElse(null));
    if (endpointUrl != null) {
      client.endpoint(ClientOptions.url("--s3-endpoint-url", endpointUrl));
    }
    return S3Settings.builder()
        .client(client.build())
        .pathStyle(pathStyle)
        .chunkBytes(chunkBytes)
        .build();
  }
}
