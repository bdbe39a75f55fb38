package dev.ddbload.config;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where DynamoDB is and who is calling it, as in the AWS CLI: an endpoint override, a region, a
 * named profile; or explicit credentials. Anything unset comes from the SDK's default chains.
 * Immutable.
 */
public final class ClientSettings {

  private static final ClientSettings DEFAULTS = builder().build();

  private final URI endpoint;
  private final String region;
  private final String profile;
  private final AwsCredentialsProvider credentials;

  private ClientSettings(Builder b) {
    this.endpoint = b.endpoint;
    this.region = b.region;
    this.profile = b.profile;
    this.credentials = b.credentials;
  }

  /** Everything from the SDK's default chains. */
  public static ClientSettings defaults() {
    return DEFAULTS;
  }

  /** A new builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return builder().endpoint(endpoint).region(region).profile(profile).credentials(credentials);
  }

  /** The endpoint override, e.g. a DynamoDB Local URL. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** The region, e.g. {@code eu-west-1}. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** The named profile from the AWS config and credentials files. */
  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  /** Explicit credentials, overriding the profile and the default chain. */
  public Optional<AwsCredentialsProvider> credentials() {
    return Optional.ofNullable(credentials);
  }

  /**
   * Where calls go, for messages: the endpoint (without any user-info: {@code user:password@})
   * or the region. Never credentials.
   */
  public String describeTarget() {
    if (endpoint != null) {
      return withoutUserInfo(endpoint.toString());
    }
    return region == null ? "the default region" : "region " + region;
  }

  /**
   * A URL as it may be printed: {@code http://user:password@host/} becomes {@code http://host/}.
   * Works on text that does not parse as a URI too.
   */
  public static String withoutUserInfo(String url) {
    int scheme = url.indexOf("://");
    int from = scheme < 0 ? 0 : scheme + 3;
    int end = from;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < from ? url : url.substring(0, from) + url.substring(at + 1);
  }

  /** Builds {@link ClientSettings}. Not thread-safe. */
  public static final class Builder {
    private URI endpoint;
    private String region;
    private String profile;
    private AwsCredentialsProvider credentials;

    private Builder() {}

    /** Sends every call to this URL (http or https), e.g. DynamoDB Local. */
    public Builder endpoint(URI endpoint) {
      if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
        throw new IllegalArgumentException("endpoint '" + withoutUserInfo(endpoint.toString())
            + "' is not a URL like http://localhost:8000");
      }
      this.endpoint = endpoint;
      return this;
    }

    /** The AWS region. */
    public Builder region(String region) {
      this.region = region == null || region.isBlank() ? null : region.trim();
      return this;
    }

    /** The named profile. */
    public Builder profile(String profile) {
      this.profile = profile == null || profile.isBlank() ? null : profile.trim();
      return this;
    }

    /** Explicit credentials. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /** The settings. */
    public ClientSettings build() {
      return new ClientSettings(this);
    }
  }
}
