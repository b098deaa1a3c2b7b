package io.gastown.relay.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Convoy.spec. {@code deletionPolicy} is Retain (default) or Close. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConvoySpec(
    @JsonProperty("description") String description,
    @JsonProperty("trackedBeads") List<String> trackedBeads,
    @JsonProperty("rig") String rig,
    @JsonProperty("host") String host,
    @JsonProperty("owner") String owner,
    @JsonProperty("notify") String notifyAddress,
    @JsonProperty("merge") String merge,
    @JsonProperty("baseBranch") String baseBranch,
    @JsonProperty("deletionPolicy") String deletionPolicy) {

  public static final String RETAIN = "Retain";
  public static final String CLOSE = "Close";
}
