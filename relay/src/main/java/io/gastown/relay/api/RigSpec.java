package io.gastown.relay.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Rig.spec (docs/crd-reference.md). {@code deletionPolicy} is Retain (default) or Remove. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RigSpec(
    @JsonProperty("gitURL") String gitURL,
    @JsonProperty("beadsPrefix") String beadsPrefix,
    @JsonProperty("localPath") String localPath,
    @JsonProperty("host") String host,
    @JsonProperty("rigName") String rigName,
    @JsonProperty("branch") String branch,
    @JsonProperty("deletionPolicy") String deletionPolicy) {

  public static final String RETAIN = "Retain";
  public static final String REMOVE = "Remove";
}
