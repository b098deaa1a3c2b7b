package io.gastown.relay.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Polecat.spec. {@code desiredState} is Working (default), Idle or Terminated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolecatSpec(
    @JsonProperty("rig") String rig,
    @JsonProperty("beadID") String beadID,
    @JsonProperty("desiredState") String desiredState,
    @JsonProperty("agent") String agent,
    @JsonProperty("subject") String subject,
    @JsonProperty("message") String message,
    @JsonProperty("merge") String merge,
    @JsonProperty("baseBranch") String baseBranch) {}
