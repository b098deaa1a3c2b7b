package io.gastown.relay.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One bead a convoy tracks, as Convoy.status.tracked lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrackedBead(
    @JsonProperty("id") String id,
    @JsonProperty("title") String title,
    @JsonProperty("status") String status,
    @JsonProperty("assignee") String assignee) {}
